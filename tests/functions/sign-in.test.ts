// Sign-in as a portal would do it, on the local cloud: a standard OIDC client (openid-client) discovers the
// jurisdiction's issuer, sends the person to authorize with PKCE, the person picks a demo account on the
// simulated provincial single sign-on, comes back with a code, and the client exchanges it, calls the API,
// refreshes (rotation, reuse detection) and signs out. The gateway refuses every token the API Gateway JWT
// authorizer would refuse.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { portalClientId } from '../../functions/sign-in/provider.ts';
import { seedStaff } from '../../infra/local/seed.ts';
import { signInFlow } from '../../infra/local/sign-in-flow.ts';
import { seedCatalogue } from '../../infra/seed/catalogue.ts';
import { useLocalCloud } from '../support/local-cloud.ts';

const api = useLocalCloud('dinghai');
const { discover, browse, authorizeUrl, redirectUri, signIn } = signInFlow(() => api.cloud.issuer);

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const idNumberLike = /\d{17}[\dX]/;

describe('sign-in through the province (local cloud)', () => {
  it('publishes discovery and a JWKS of RS256 keys under <gateway>/oidc', async () => {
    const res = await fetch(`${api.cloud.issuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(api.cloud.issuer);
    expect(doc.jwks_uri).toBe(`${api.cloud.issuer}/jwks`);
    expect(doc.code_challenge_methods_supported).toEqual(['S256']);
    const jwks = (await (await fetch(`${api.cloud.issuer}/jwks`)).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      expect(key.d).toBeUndefined();
    }
  });

  it('signs a citizen in: province ticket → code + PKCE → a token the API accepts, with nothing personal in it', async () => {
    const { tokens, visited } = await signIn('citizen');
    expect(visited.some((v) => v.endsWith('/login'))).toBe(true);
    const access = decodeJwt(tokens.access_token);
    expect(decodeProtectedHeader(tokens.access_token).alg).toBe('RS256');
    expect(access).toMatchObject({ iss: api.cloud.issuer, aud: api.cloud.audience, roles: ['citizen'] });
    expect(access.acr).toBe('urn:tongban:loa:L3');
    expect((access.exp ?? 0) - (access.iat ?? 0)).toBe(600);
    expect(access.sub).not.toBe('demo-citizen');
    for (const token of [tokens.access_token, tokens.id_token!]) {
      const claims = decodeJwt(token);
      expect(JSON.stringify(claims)).not.toMatch(idNumberLike);
      expect(JSON.stringify(claims)).not.toContain('张晓明');
      expect(JSON.stringify(claims)).not.toMatch(/1[3-9]\d{9}/);
    }
    const mine = await fetch(`${api.url}/cases`, { headers: bearer(tokens.access_token) });
    expect(mine.status).toBe(200);
  });

  it('carries the assurance level the province vouched for, and the same subject at every sign-in', async () => {
    const first = await signIn('citizen2');
    const again = await signIn('citizen2');
    expect(decodeJwt(first.tokens.access_token).acr).toBe('urn:tongban:loa:L2');
    expect(decodeJwt(again.tokens.access_token).sub).toBe(decodeJwt(first.tokens.access_token).sub);
  });

  it('signs a legal person in as an enterprise', async () => {
    const { tokens } = await signIn('enterprise');
    expect(decodeJwt(tokens.access_token).roles).toEqual(['enterprise']);
    expect(JSON.stringify(decodeJwt(tokens.access_token))).not.toContain('91330902MA2A1B2C31');
  });

  it('rotates refresh tokens, and a rotated one used again revokes the chain', async () => {
    const { config, tokens } = await signIn('citizen');
    const first = tokens.refresh_token!;
    const next = await client.refreshTokenGrant(config, first);
    expect(next.refresh_token).toBeTruthy();
    expect(next.refresh_token).not.toBe(first);
    expect((await fetch(`${api.url}/cases`, { headers: bearer(next.access_token) })).status).toBe(200);
    await expect(client.refreshTokenGrant(config, first)).rejects.toMatchObject({ error: 'invalid_grant' });
    // The reuse revoked the grant: the newest refresh token is dead too.
    await expect(client.refreshTokenGrant(config, next.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('refuses a ticket used twice and a code without its PKCE verifier', async () => {
    const config = await discover();
    const authorize = await authorizeUrl(config, client.randomPKCECodeVerifier());
    const { callback } = await browse(authorize, 'citizen');
    await expect(
      client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: client.randomPKCECodeVerifier() }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    // Without a code challenge the authorization request itself is refused.
    const plain = new URL(`${api.cloud.issuer}/auth`);
    plain.search = new URLSearchParams({
      client_id: portalClientId,
      response_type: 'code',
      scope: 'openid api',
      redirect_uri: redirectUri,
    }).toString();
    const res = await fetch(plain, { redirect: 'manual' });
    expect(res.headers.get('location') ?? '').toContain('error=invalid_request');
  });

  it('signs out (RP-initiated logout) back to the portal', async () => {
    const { config, tokens, jar } = await signIn('citizen');
    const end = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: 'http://127.0.0.1:5173/',
    });
    const confirm = await fetch(end, { headers: { cookie: jar.header() } });
    jar.take(confirm);
    const page = await confirm.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1];
    const action = /action="([^"]+)"/.exec(page)?.[1];
    expect(xsrf && action).toBeTruthy();
    const done = await fetch(new URL(action!, end), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }).toString(),
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('http://127.0.0.1:5173/');
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });
});

describe('identity read server-side, and the assurance an item needs', () => {
  const housing = '330902-JF-0084';
  const applyWith = (token: string) =>
    fetch(`${api.url}/cases`, {
      method: 'POST',
      headers: {
        ...bearer(token),
        'content-type': 'application/json',
        'idempotency-key': `level-${Date.now()}`,
      },
      body: JSON.stringify({
        itemCode: housing,
        form: { householdSize: 3, currentHousing: '租住' },
        materials: [{ materialId: 'income-proof', via: 'commitment' }],
      }),
    });

  it('refuses a real-name session for an item that needs a face-verified sign-in, with the reason', async () => {
    // 公共租赁住房资格申请 from the demo catalogue, published here with a minimum level.
    const item = seedCatalogue(api.cloud.jurisdiction).items.find((i) => i.implementationCode === housing);
    const created = await api.request('POST', '/admin/items', {
      as: 'admin',
      body: { ...item, topics: [], minimumLevel: 'L3' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await api.request('POST', `/admin/items/${housing}/publish`, { as: 'admin' })).status).toBe(200);

    const realName = await signIn('citizen2');
    const refused = await applyWith(realName.tokens.access_token);
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('FORBIDDEN');
    expect(body.error.message).toContain('needs a face-verified (实人认证) sign-in');

    // A face-verified sign-in passes the level check and meets the application's own rules (materials).
    const faceVerified = await signIn('citizen');
    const checked = await applyWith(faceVerified.tokens.access_token);
    expect(checked.status).toBe(400);
  });

  it('applies with the identity the province verified, though the token carries none of it', async () => {
    const { tokens } = await signIn('citizen');
    const res = await fetch(`${api.url}/licences`, { headers: bearer(tokens.access_token) });
    expect(res.status).toBe(200);
    expect(JSON.stringify(decodeJwt(tokens.access_token))).not.toMatch(idNumberLike);
  });

  it('keeps development tokens free of personal data too', async () => {
    const token = await api.token('citizen');
    expect(JSON.stringify(decodeJwt(token))).not.toMatch(idNumberLike);
    expect(JSON.stringify(decodeJwt(token))).not.toContain('张晓明');
  });
});

describe('staff roles are granted in tongban', () => {
  const tasks = async (token: string) => (await fetch(`${api.url}/tasks`, { headers: bearer(token) })).status;
  const post = (path: string, token: string, body: unknown) =>
    fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('grants the first administrator from the config, and a reviewer only once an administrator has', async () => {
    const admin = await signIn('admin');
    expect(decodeJwt(admin.tokens.access_token)).toMatchObject({
      roles: ['admin', 'citizen'],
      department: 'zwfw',
    });

    const staff = await signIn('reviewer');
    const sub = String(decodeJwt(staff.tokens.access_token).sub);
    expect(decodeJwt(staff.tokens.access_token).roles).toEqual(['citizen']);
    expect(await tasks(staff.tokens.access_token)).toBe(403);

    const granted = await post(`/admin/accounts/${sub}/grants`, admin.tokens.access_token, {
      department: 'scjgj',
      roles: ['reviewer'],
      reason: '新入职审核员',
    });
    expect(granted.status).toBe(201);
    const refreshed = await client.refreshTokenGrant(staff.config, staff.tokens.refresh_token!);
    expect(decodeJwt(refreshed.access_token)).toMatchObject({
      roles: ['reviewer', 'citizen'],
      department: 'scjgj',
    });
    expect(await tasks(refreshed.access_token)).toBe(200);
    const staffList = async (token: string) => {
      const res = await fetch(`${api.url}/admin/staff`, { headers: bearer(token) });
      return { status: res.status, body: (await res.json()) as { staff: Array<{ sub: string }> } };
    };
    const listed = await staffList(admin.tokens.access_token);
    expect(listed.status).toBe(200);
    expect(listed.body.staff).toContainEqual({
      sub,
      name: expect.any(String),
      department: 'scjgj',
      roles: ['reviewer'],
    });
    expect((await staffList(refreshed.access_token)).status).toBe(403);

    // Only administrators grant; the journal names who, why and when, and is intact.
    expect(
      (
        await post(`/admin/accounts/${sub}/grants`, refreshed.access_token, {
          department: 'scjgj',
          roles: ['admin'],
          reason: '自己',
        })
      ).status,
    ).toBe(403);
    const revoked = await post(`/admin/accounts/${sub}/grants/revoke`, admin.tokens.access_token, {
      reason: '调岗',
    });
    expect(revoked.status).toBe(200);
    expect((await staffList(admin.tokens.access_token)).body.staff.map((s) => s.sub)).not.toContain(sub);
    const journal = await fetch(`${api.url}/admin/accounts/${sub}/grants`, {
      headers: bearer(admin.tokens.access_token),
    });
    const body = (await journal.json()) as {
      staff: unknown;
      intact: boolean;
      entries: { action: string; reason: string }[];
    };
    expect(body).toMatchObject({ staff: null, intact: true });
    expect(body.entries.map((e) => [e.action, e.reason])).toEqual([
      ['grant', '新入职审核员'],
      ['revoke', '调岗'],
    ]);
    const after = await client.refreshTokenGrant(staff.config, refreshed.refresh_token!);
    expect(await tasks(after.access_token)).toBe(403);
  });

  it("seeds the demo jurisdiction's staff with their roles through the grant journal, once", async () => {
    expect(await seedStaff(api.cloud.jurisdiction)).toContain('reviewer2');
    expect(await seedStaff(api.cloud.jurisdiction)).toBe('');
    for (const [who, role, department] of [
      ['clerk', 'clerk', 'zwfw'],
      ['reviewer2', 'reviewer', 'zjj'],
      ['supervisor', 'supervisor', 'zwfw'],
    ] as const) {
      const { tokens } = await signIn(who);
      expect(decodeJwt(tokens.access_token)).toMatchObject({ roles: [role, 'citizen'], department });
    }
  });
});

describe('token key renewal', () => {
  const kidOf = (token: string) => String(decodeProtectedHeader(token).kid);

  it('signs with a renewed key within the check interval, and tokens signed before keep verifying', async () => {
    const before = await signIn('citizen');
    const oldKid = kidOf(before.tokens.access_token);
    expect((await api.request('POST', '/dev/tokens/rotate')).status).toBe(200);

    // The function asks KMS which key the alias names every 30 s; refresh until it signs with the new one.
    let refresh = before.tokens.refresh_token!;
    let latest = before.tokens.access_token;
    const until = Date.now() + 45_000;
    while (kidOf(latest) === oldKid && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 2000));
      const next = await client.refreshTokenGrant(before.config, refresh);
      refresh = next.refresh_token!;
      latest = next.access_token;
    }
    expect(kidOf(latest)).not.toBe(oldKid);
    const jwks = (await (await fetch(`${api.cloud.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, kidOf(latest)]));
    for (const token of [before.tokens.access_token, latest]) {
      expect((await fetch(`${api.url}/cases`, { headers: bearer(token) })).status).toBe(200);
    }
  }, 90_000);
});

describe('the gateway checks tokens as the JWT authorizer does', () => {
  const claims = () => ({
    sub: 'someone',
    roles: ['citizen'],
    aud: api.cloud.audience,
    iss: api.cloud.issuer,
  });
  const status = async (token: string) =>
    (await fetch(`${api.url}/cases`, { headers: bearer(token) })).status;

  it('accepts a development token minted through the same issuer and key', async () => {
    const token = await api.token('citizen');
    expect(decodeJwt(token).iss).toBe(api.cloud.issuer);
    expect(await status(token)).toBe(200);
  });

  it('refuses a token from a foreign issuer', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = await new SignJWT({ ...claims(), iss: 'https://elsewhere.example/oidc' })
      .setProtectedHeader({ alg: 'RS256', kid: 'foreign' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    expect(await status(token)).toBe(401);
  });

  it('refuses an HS256 token, even one keyed with a published key', async () => {
    const jwks = (await (await fetch(`${api.cloud.issuer}/jwks`)).json()) as {
      keys: { n: string; kid: string }[];
    };
    const secret = createHash('sha256').update(jwks.keys[0]!.n).digest();
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid: jwks.keys[0]!.kid })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(secret);
    expect(await status(token)).toBe(401);
  });

  it('refuses an expired token', async () => {
    const token = await api.cloud.issueToken({
      sub: 'expired',
      role: 'citizen',
      name: '过期',
      ttlSeconds: 1,
    });
    await new Promise((r) => setTimeout(r, 2100));
    expect(await status(token)).toBe(401);
  });

  it("refuses an 'alg: none' token", async () => {
    const encode = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const token = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims(), iat: now, exp: now + 300 })}.`;
    expect(await status(token)).toBe(401);
  });
});
