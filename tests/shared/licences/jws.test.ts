// Compact JWS with ES256 against independent implementations: jose both ways, the RFC 7638 example, and the
// openssl CLI (which knows nothing of JOSE) verifying our tokens and signing what we then verify.
import { spawnSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import * as jose from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assembleJws,
  derToJose,
  encodeSigningInput,
  joseToDer,
  jwkThumbprint,
  parseCompactJws,
  verifyEs256,
} from '../../../shared/licences/jws.ts';

const newKey = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicKey, jwk: publicKey.export({ format: 'jwk' }) };
};

/** What the seal does, minus KMS: ES256 over the signing input, raw r||s. */
const signEs256 = (privateKey: KeyObject, signingInput: string) =>
  new Uint8Array(sign('sha256', Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'ieee-p1363' }));

const licence = {
  iss: 'urn:tongban:dinghai',
  sub: '330902-XK-0014',
  holder: '舟山市定海区某某有限公司',
  no: 'ZS-2026-000123',
  iat: 1_767_225_600,
};

const key = newKey();
const header = { alg: 'ES256', typ: 'JWT', kid: jwkThumbprint(key.jwk) };
const signingInput = encodeSigningInput(header, licence);
const token = assembleJws(signingInput, signEs256(key.privateKey, signingInput));

describe('encode, assemble, parse', () => {
  it('round-trips an object payload and a string payload', () => {
    const parsed = parseCompactJws(token);
    expect(parsed).toEqual({
      header,
      payload: licence,
      signingInput,
      signature: expect.any(Uint8Array),
    });
    expect(parsed?.signature).toHaveLength(64);
    expect(verifyEs256(key.jwk, parsed!.signingInput, parsed!.signature)).toBe(true);

    const text = encodeSigningInput({ alg: 'ES256' }, '电子证照 plain text');
    const parsedText = parseCompactJws(assembleJws(text, signEs256(key.privateKey, text)));
    expect(parsedText?.payload).toBe('电子证照 plain text');
  });

  it('uses unpadded base64url of the exact JSON', () => {
    const input = encodeSigningInput({ alg: 'ES256' }, { a: '>>>???' });
    expect(input).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const [h, p] = input.split('.');
    expect(Buffer.from(h!, 'base64url').toString()).toBe('{"alg":"ES256"}');
    expect(Buffer.from(p!, 'base64url').toString()).toBe('{"a":">>>???"}');
  });

  it('keeps a JSON payload that is not an object as its text', () => {
    const input = encodeSigningInput({ alg: 'ES256' }, '[1,2]');
    expect(parseCompactJws(`${input}.AAAA`)?.payload).toBe('[1,2]');
  });

  it('refuses malformed tokens', () => {
    const [h, p, s] = token.split('.') as [string, string, string];
    const b = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const malformed = [
      '',
      `${h}.${p}`,
      `${h}.${p}.${s}.${s}`,
      `${h}.${p}.`,
      `.${p}.${s}`,
      `${h}=.${p}.${s}`,
      `${h}.${p}.${s}=`,
      `${h}.${p}.${s.slice(0, -1)}+`,
      `${Buffer.from('{not json').toString('base64url')}.${p}.${s}`,
      `${b(['ES256'])}.${p}.${s}`,
      `${b({ typ: 'JWT' })}.${p}.${s}`,
      `${h}.${Buffer.from([0xff, 0xfe]).toString('base64url')}.${s}`,
    ];
    for (const text of malformed) expect(parseCompactJws(text), text).toBeUndefined();
  });

  it('refuses base64url with non-zero trailing bits, which would alias another signature', () => {
    const s = token.split('.')[2]!;
    // 64 bytes take 86 characters; the last one carries 2 bits of data and 4 that must be zero.
    const last = s.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const alias = alphabet[alphabet.indexOf(last) ^ 1]!;
    expect(Buffer.from(s.slice(0, -1) + alias, 'base64url')).toEqual(Buffer.from(s, 'base64url'));
    expect(parseCompactJws(`${token.slice(0, -1)}${alias}`)).toBeUndefined();
  });
});

describe('against jose', () => {
  it('verifies a token jose signed', async () => {
    const other = newKey();
    const signed = await new jose.CompactSign(new TextEncoder().encode(JSON.stringify(licence)))
      .setProtectedHeader({ alg: 'ES256', kid: 'x' })
      .sign(other.privateKey);
    const parsed = parseCompactJws(signed)!;
    expect(parsed.payload).toEqual(licence);
    expect(verifyEs256(other.jwk, parsed.signingInput, parsed.signature)).toBe(true);
    expect(verifyEs256(key.jwk, parsed.signingInput, parsed.signature)).toBe(false);
  });

  it('gives jose a token it verifies', async () => {
    const { payload, protectedHeader } = await jose.compactVerify(
      token,
      await jose.importJWK(key.jwk, 'ES256'),
    );
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(licence);
    expect(protectedHeader).toEqual(header);
  });

  it('matches jose’s RFC 7638 thumbprints, whatever other members the key carries', async () => {
    for (let i = 0; i < 5; i++) {
      const { jwk } = newKey();
      expect(jwkThumbprint({ ...jwk, kid: 'ignored', alg: 'ES256', use: 'sig' })).toBe(
        await jose.calculateJwkThumbprint(jwk as jose.JWK, 'sha256'),
      );
    }
    const privateJwk = key.privateKey.export({ format: 'jwk' });
    expect(jwkThumbprint(privateJwk)).toBe(jwkThumbprint(key.jwk));
  });
});

describe('tampering', () => {
  it('fails on any changed character of header, payload or signature', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let checked = 0;
    for (let i = 0; i < token.length; i++) {
      const char = token[i]!;
      if (char === '.') continue;
      const changed = alphabet[(alphabet.indexOf(char) + 17) % 64]!;
      const parsed = parseCompactJws(token.slice(0, i) + changed + token.slice(i + 1));
      if (parsed) expect(verifyEs256(key.jwk, parsed.signingInput, parsed.signature), `at ${i}`).toBe(false);
      checked++;
    }
    expect(checked).toBe(token.length - 2);
  });

  it('fails on any changed byte of the decoded signature, header or payload', () => {
    const parsed = parseCompactJws(token)!;
    for (let i = 0; i < parsed.signature.length; i++) {
      const signature = Uint8Array.from(parsed.signature);
      signature[i]! ^= 0x01;
      expect(verifyEs256(key.jwk, parsed.signingInput, signature)).toBe(false);
    }
    const [h, p] = parsed.signingInput.split('.') as [string, string];
    for (const [part, rebuild] of [
      [h, (x: string) => `${x}.${p}`],
      [p, (x: string) => `${h}.${x}`],
    ] as const) {
      const bytes = Buffer.from(part, 'base64url');
      for (let i = 0; i < bytes.length; i++) {
        const changed = Buffer.from(bytes);
        changed[i]! ^= 0x20;
        expect(verifyEs256(key.jwk, rebuild(changed.toString('base64url')), parsed.signature)).toBe(false);
      }
    }
  });

  it('answers false, never throws, for keys and signatures that are not ES256', () => {
    const parsed = parseCompactJws(token)!;
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'jwk' });
    const badKeys: JsonWebKey[] = [{}, rsa, p384, { ...key.jwk, x: 'AAAA' }, { ...key.jwk, crv: 'P-384' }];
    for (const jwk of badKeys) expect(verifyEs256(jwk, parsed.signingInput, parsed.signature)).toBe(false);
    for (const signature of [
      new Uint8Array(0),
      new Uint8Array(63),
      new Uint8Array(64),
      joseToDer(parsed.signature),
    ])
      expect(verifyEs256(key.jwk, parsed.signingInput, signature)).toBe(false);
  });
});

describe('RFC 7638 thumbprint', () => {
  it('gives the RFC’s own example (§3.1)', () => {
    const rsa = {
      kty: 'RSA',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
      alg: 'RS256',
      kid: '2011-04-29',
    };
    expect(jwkThumbprint(rsa)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('refuses keys it cannot thumbprint', () => {
    expect(() => jwkThumbprint({})).toThrow(TypeError);
    expect(() => jwkThumbprint({ kty: 'EC', crv: 'P-256', x: 'AA' })).toThrow(/"y"/);
  });
});

describe('DER ⇄ raw ECDSA signatures', () => {
  it('round-trips any 64 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (raw) => {
        expect(derToJose(joseToDer(raw))).toEqual(raw);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with node:crypto’s DER signatures', () => {
    for (let i = 0; i < 50; i++) {
      const der = sign('sha256', Buffer.from(`m${i}`), key.privateKey);
      const raw = derToJose(der);
      expect(verifyEs256(key.jwk, `m${i}`, raw)).toBe(true);
      expect(Buffer.from(joseToDer(raw))).toEqual(der);
    }
  });

  it('refuses DER that is not one minimal SEQUENCE of two positive INTEGERs', () => {
    const good = joseToDer(new Uint8Array(64).fill(0x11));
    const bad = [
      new Uint8Array(0),
      Uint8Array.from([0x31, ...good.subarray(1)]),
      Uint8Array.from([...good, 0x00]),
      good.subarray(0, good.length - 1),
      Uint8Array.from([0x30, 0x06, 0x02, 0x01, 0x80, 0x02, 0x01, 0x01]), // negative r
      Uint8Array.from([0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01]), // r padded needlessly
      Uint8Array.from([0x30, 0x06, 0x02, 0x01, 0x01, 0x03, 0x01, 0x01]), // s not an INTEGER
      Uint8Array.from([0x30, 0x26, 0x02, 0x21, ...new Uint8Array(33).fill(0x11), 0x02, 0x01, 0x01]), // r too big
    ];
    for (const der of bad) expect(() => derToJose(der)).toThrow(RangeError);
    expect(() => joseToDer(new Uint8Array(63))).toThrow(RangeError);
  });
});

/*
 * Checking a tongban e-licence with nothing but the openssl CLI (bash, coreutils). TOKEN holds the compact
 * JWS; pub.der the seal's public key as SPKI DER, which is what KMS hands out:
 *
 *   aws kms get-public-key --key-id alias/tongban-dinghai-seal --query PublicKey --output text | base64 -d > pub.der
 *
 *   openssl pkey -pubin -inform DER -in pub.der -out pub.pem
 *   IFS=. read -r h p s <<< "$TOKEN"
 *   printf '%s.%s' "$h" "$p" > input.txt                                # what the seal signed
 *   printf '%s==' "$s" | tr '_-' '/+' | base64 -d > sig.raw             # ES256: 86 characters → 64 bytes r||s
 *   printf 'asn1=SEQUENCE:sig\n[sig]\nr=INTEGER:0x%s\ns=INTEGER:0x%s\n' \
 *     "$(head -c 32 sig.raw | od -An -v -tx1 | tr -d ' \n')" \
 *     "$(tail -c 32 sig.raw | od -An -v -tx1 | tr -d ' \n')" > sig.cnf    # openssl wants DER, not r||s
 *   openssl asn1parse -genconf sig.cnf -noout -out sig.der
 *   openssl dgst -sha256 -verify pub.pem -signature sig.der input.txt   # prints "Verified OK", exit status 0
 *
 * The test below runs exactly these lines (from `openssl pkey` on).
 */
const opensslRecipe = String.raw`
openssl pkey -pubin -inform DER -in pub.der -out pub.pem
IFS=. read -r h p s <<< "$TOKEN"
printf '%s.%s' "$h" "$p" > input.txt
printf '%s==' "$s" | tr '_-' '/+' | base64 -d > sig.raw
printf 'asn1=SEQUENCE:sig\n[sig]\nr=INTEGER:0x%s\ns=INTEGER:0x%s\n' \
  "$(head -c 32 sig.raw | od -An -v -tx1 | tr -d ' \n')" \
  "$(tail -c 32 sig.raw | od -An -v -tx1 | tr -d ' \n')" > sig.cnf
openssl asn1parse -genconf sig.cnf -noout -out sig.der
openssl dgst -sha256 -verify pub.pem -signature sig.der input.txt
`;

describe('openssl CLI', () => {
  let dir: string;
  const run = (script: string, env: Record<string, string> = {}) =>
    spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });

  beforeAll(() => {
    // openssl is part of this project's toolchain: a machine without it should fail here, not skip.
    const version = spawnSync('openssl', ['version'], { encoding: 'utf8' });
    expect(version.status, 'the openssl CLI must be installed').toBe(0);
    dir = mkdtempSync(join(tmpdir(), 'tongban-jws-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('verifies our tokens with the documented recipe and refuses a tampered one', () => {
    writeFileSync(join(dir, 'pub.der'), key.publicKey.export({ type: 'spki', format: 'der' }));
    for (let i = 0; i < 8; i++) {
      const input = encodeSigningInput(header, { ...licence, no: `ZS-2026-${i}` });
      const signature = signEs256(key.privateKey, input);
      const result = run(opensslRecipe, { TOKEN: assembleJws(input, signature) });
      expect(result.stderr).toBe('');
      expect(result.stdout.trim()).toBe('Verified OK');
      expect(result.status).toBe(0);
      // The DER openssl built from r and s is byte for byte what joseToDer builds.
      expect(new Uint8Array(readFileSync(join(dir, 'sig.der')))).toEqual(joseToDer(signature));
    }
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...licence, holder: '别人' })).toString('base64url')}.${s}`;
    const refused = run(opensslRecipe, { TOKEN: forged });
    expect(refused.stdout.trim()).toBe('Verification failure');
    expect(refused.status).toBe(1);
  });

  it('encodes edge-case integers exactly as openssl does', () => {
    const cases = [
      [new Uint8Array(32).fill(0xff), new Uint8Array(32).fill(0x7f)],
      [
        Uint8Array.from({ length: 32 }, (_, i) => (i < 31 ? 0 : 1)),
        Uint8Array.from({ length: 32 }, (_, i) => i),
      ],
      [Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 0 : 0x80)), new Uint8Array(32).fill(0x01)],
    ];
    for (const [r, s] of cases) {
      const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
      writeFileSync(
        join(dir, 'edge.cnf'),
        `asn1=SEQUENCE:sig\n[sig]\nr=INTEGER:0x${hex(r!)}\ns=INTEGER:0x${hex(s!)}\n`,
      );
      const result = run('openssl asn1parse -genconf edge.cnf -noout -out edge.der');
      expect(result.status, result.stderr).toBe(0);
      const der = new Uint8Array(readFileSync(join(dir, 'edge.der')));
      expect(joseToDer(Uint8Array.from([...r!, ...s!]))).toEqual(der);
      expect(derToJose(der)).toEqual(Uint8Array.from([...r!, ...s!]));
    }
  });

  it('lets us verify what openssl signed', () => {
    const result = run(`
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem 2>/dev/null
openssl pkey -in key.pem -pubout -out openssl-pub.pem
for i in $(seq 1 20); do
  printf 'tongban.%s' "$i" > "m$i.txt"
  openssl dgst -sha256 -sign key.pem -out "m$i.der" "m$i.txt"
done
`);
    expect(result.status, result.stderr).toBe(0);
    const pem = readFileSync(join(dir, 'openssl-pub.pem'), 'utf8');
    const jwk = createPublicKey(pem).export({ format: 'jwk' });
    for (let i = 1; i <= 20; i++) {
      const raw = derToJose(readFileSync(join(dir, `m${i}.der`)));
      expect(verifyEs256(jwk, `tongban.${i}`, raw), `m${i}`).toBe(true);
      expect(verifyEs256(jwk, `tongban.${i + 1}`, raw)).toBe(false);
    }
  });
});
