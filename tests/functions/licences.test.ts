// E-licences as holders, offices and verifiers meet them: approved cases on the local cloud issue sealed
// licences into the holder's wallet; anyone verifies them (also with openssl); a citing case's reviewer
// reads one and the holder sees it; revocation, suspension and expiry make verification fail by name.
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DevTokenRequest } from '../../infra/local/dev-identity.ts';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { names } from '../../infra/naming.ts';
import { toLocalDate } from '../../shared/calendar.ts';
import { joseToDer } from '../../shared/licences/jws.ts';
import { decodeStatusList, statusBit } from '../../shared/licences/status-list.ts';
import { eventually, useLocalCloud } from '../support/local-cloud.ts';
import { pdftotext, readQrCode } from '../support/pdf.ts';

const api = useLocalCloud('dinghai', async (cloud) => {
  await seedJurisdiction(cloud.jurisdiction);
});

const reviewer = (department: string): DevTokenRequest => ({
  sub: `reviewer-${department}`,
  role: 'reviewer',
  name: '审核员',
  department,
});
const admin = (department: string): DevTokenRequest => ({
  sub: `admin-${department}`,
  role: 'admin',
  name: '证照管理员',
  department,
});
let keys = 0;

const upload = () => api.upload('enterprise');

/** Applies, has the window accept, and has every department approve every stage; returns the completed case. */
const throughReview = async (body: object, inspect?: (caseNumber: string) => Promise<void>) => {
  const submitted = await api.request('POST', '/cases', {
    as: 'enterprise',
    body,
    headers: { 'idempotency-key': `licence-test-${++keys}-${Date.now()}` },
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  const n = submitted.body.caseNumber as string;
  expect(
    (await api.request('POST', `/cases/${n}/acceptance`, { as: 'clerk', body: { decision: 'accept' } }))
      .status,
  ).toBe(200);
  if (inspect) await inspect(n);
  const decided = new Set<string>();
  for (;;) {
    const view = await eventually(
      () => api.request('GET', `/cases/${n}`, { as: 'supervisor' }),
      (r) =>
        r.body.status !== 'IN_REVIEW' && r.body.status !== 'ACCEPTED'
          ? true
          : r.body.tasks.some(
              (t: { taskId: string; status: string }) => t.status === 'pending' && !decided.has(t.taskId),
            ),
    );
    if (view.body.status === 'COMPLETED' || view.body.status === 'DENIED') return view.body;
    for (const task of view.body.tasks as Array<{ taskId: string; status: string; department: string }>) {
      if (task.status !== 'pending' || decided.has(task.taskId)) continue;
      decided.add(task.taskId);
      const res = await api.request('POST', `/tasks/${task.taskId}/decision`, {
        as: reviewer(task.department),
        body: { decision: 'approve', opinion: '符合条件' },
      });
      expect(res.status).toBe(200);
    }
  }
};

const businessLicenceChange = async (businessLicence: object) =>
  throughReview({
    itemCode: '330902-XK-0012',
    form: { changeItems: '经营范围', before: '水产品批发', after: '水产品批发、零售' },
    materials: [
      { materialId: 'application-form', via: 'upload', key: await upload() },
      businessLicence,
      { materialId: 'articles', via: 'upload', key: await upload() },
    ],
  });

describe('issuing and verifying e-licences', () => {
  const state: { licence?: string; credential?: string; hygiene?: string; hygieneCase?: string } = {};

  it('issues a sealed licence when a case is approved, into the holder’s wallet, with a PDF', async () => {
    // The wallet opened before any licence exists: in AWS the wallet's function and the issuing function
    // are separate sandboxes, so this must not change how the next licence is issued (it once did locally).
    const empty = await api.request('GET', '/licences', { as: 'enterprise' });
    expect(empty.status).toBe(200);
    expect(empty.body.licences).toEqual([]);
    const done = await businessLicenceChange({
      materialId: 'business-licence',
      via: 'upload',
      key: await upload(),
    });
    expect(done.status).toBe('COMPLETED');
    // The serial is the case's date and sequence, so a retried issuance names the same licence.
    const [, date, sequence] = /^\d{6}-(\d{8})-(\d{6,})-/.exec(done.caseNumber as string)!;
    expect(done.result.licenceId).toMatch(
      new RegExp(
        `^1\\.2\\.156\\.3005\\.2\\.[0-9A-Z]{21}\\.[0-9A-Z]{18}\\.${date}${sequence}\\.001\\.[0-9A-Z]$`,
      ),
    );
    state.licence = done.result.licenceId;
    // The workflow's Issue state may run again (a retry): it answers with the same licence.
    const again = await api.cloud.functions.invoke(names('dinghai').function('licence-issuer'), {
      action: 'issue',
      caseNumber: done.caseNumber,
    });
    expect(again).toEqual({ licenceId: state.licence });

    const wallet = await api.request('GET', '/licences', { as: 'enterprise' });
    expect(wallet.status).toBe(200);
    expect(wallet.body.licences.map((l: { id: string }) => l.id)).toContain(state.licence);
    const mine = await api.request('GET', `/licences/${state.licence}`, { as: 'enterprise' });
    expect(mine.status).toBe(200);
    expect(mine.body.licence).toMatchObject({
      name: '营业执照',
      status: 'valid',
      holder: { name: '舟山海韵水产有限公司' },
    });
    state.credential = mine.body.credential;
    const pdf = await fetch(mine.body.pdf.url);
    expect(pdf.status).toBe(200);
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = pdftotext(bytes);
    for (const expected of [
      '营业执照',
      '舟山海韵水产有限公司',
      '舟山市定海区市场监督管理局',
      '水产品批发、零售',
    ])
      expect(text).toContain(expected);
    // The printout's QR code verifies on its own.
    const qr = readQrCode(bytes);
    expect(qr?.data).toBeDefined();
    const printed = await api.request('POST', '/verify', { body: { qr: qr!.data } });
    expect(printed.body).toMatchObject({ valid: true, licence: { identifier: state.licence } });
    // The wallet's on-screen code is the short reference form, which verifies too.
    expect(mine.body.qr).toMatch(/^TBV1:/);
    expect((await api.request('POST', '/verify', { body: { qr: mine.body.qr } })).body).toMatchObject({
      valid: true,
      licence: { identifier: state.licence },
    });
    expect((await api.request('GET', `/licences/${state.licence}`, { as: 'citizen2' })).status).toBe(404);
  }, 90_000); // the first issuance cold-starts the issuer (fonts, seal key) and renders under load

  it('verifies anywhere: the API, the published key with openssl, and fails a changed byte', async () => {
    const ok = await api.request('POST', '/verify', { body: { credential: state.credential } });
    expect(ok.body).toMatchObject({
      valid: true,
      checks: { signature: true, issuer: true, status: true, expiry: true },
    });
    expect(ok.body.licence.holder.idNumber).toMatch(/\*{4,}/);
    expect((await api.request('GET', `/verify/${state.licence}`)).body.valid).toBe(true);

    const [header, payload, signature] = state.credential!.split('.') as [string, string, string];
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString());
    const jwks = await api.request('GET', '/.well-known/jwks.json');
    const jwk = jwks.body.keys.find((k: { kid: string }) => k.kid === kid);
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    const dir = mkdtempSync(join(tmpdir(), 'tongban-openssl-'));
    writeFileSync(
      join(dir, 'pub.pem'),
      createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }),
    );
    writeFileSync(join(dir, 'input.txt'), `${header}.${payload}`);
    writeFileSync(join(dir, 'sig.der'), joseToDer(Buffer.from(signature, 'base64url')));
    const openssl = execFileSync('openssl', [
      'dgst',
      '-sha256',
      '-verify',
      join(dir, 'pub.pem'),
      '-signature',
      join(dir, 'sig.der'),
      join(dir, 'input.txt'),
    ]).toString();
    expect(openssl.trim()).toBe('Verified OK');

    // A printout whose credential is too long for its QR code carries a reference and the credential's hash.
    const hash = createHash('sha256').update(state.credential!).digest('base64url');
    const reference = await api.request('POST', '/verify', { body: { qr: `TBV1:${state.licence}:${hash}` } });
    expect(reference.body).toMatchObject({ valid: true, licence: { identifier: state.licence } });
    const wrongHash = await api.request('POST', '/verify', {
      body: { qr: `TBV1:${state.licence}:${'A'.repeat(43)}` },
    });
    expect(wrongHash.body).toMatchObject({ valid: false, checks: { signature: false } });

    const flipped = `${header}.${payload.slice(0, 20)}${payload[20] === 'A' ? 'B' : 'A'}${payload.slice(21)}.${signature}`;
    const bad = await api.request('POST', '/verify', { body: { credential: flipped } });
    expect(bad.body).toMatchObject({ valid: false, checks: { signature: false } });
  });

  it('lets the reviewer of a case that cites the licence read it, logged for the holder; nobody else', async () => {
    let readBy: string | undefined;
    const done = await throughReview(
      {
        itemCode: '330902-XK-0042',
        form: { venueType: '宾馆', address: '定海区解放东路1号', area: 800 },
        materials: [
          { materialId: 'application-form', via: 'upload', key: await upload() },
          { materialId: 'business-licence', via: 'licence', licenceId: state.licence },
          { materialId: 'layout-plan', via: 'upload', key: await upload() },
          { materialId: 'hygiene-facilities', via: 'upload', key: await upload() },
          { materialId: 'health-certificates', via: 'deferred', dueDate: toLocalDate(new Date()) },
        ],
      },
      async (n) => {
        state.hygieneCase = n;
        const noReason = await api.request('GET', `/licences/${state.licence}?caseNumber=${n}`, {
          as: reviewer('wjj'),
        });
        expect(noReason.status).toBe(400);
        const read = await api.request(
          'GET',
          `/licences/${state.licence}?caseNumber=${n}&reason=${encodeURIComponent('核验营业执照')}`,
          { as: reviewer('wjj') },
        );
        expect(read.status).toBe(200);
        readBy = read.body.licence.id;
        const outsider = await api.request(
          'GET',
          `/licences/${state.licence}?caseNumber=${n}&reason=${encodeURIComponent('查看')}`,
          { as: reviewer('gaj') },
        );
        expect(outsider.status).toBe(404);
      },
    );
    expect(readBy).toBe(state.licence);
    expect(done.status).toBe('COMPLETED');
    state.hygiene = done.result.licenceId;
    const log = await api.request('GET', `/licences/${state.licence}/access-log`, { as: 'enterprise' });
    expect(log.body.entries).toEqual([
      expect.objectContaining({
        caseNumber: state.hygieneCase,
        reason: '核验营业执照',
        by: expect.objectContaining({ department: 'wjj', role: 'reviewer' }),
      }),
    ]);
    expect(
      (await api.request('GET', `/licences/${state.licence}/access-log`, { as: 'citizen' })).status,
    ).toBe(404);
  });

  it('fails a revoked, a suspended and an expired licence with the check named, and publishes the status list', async () => {
    const id = state.hygiene!;
    const wrongDepartment = await api.request('POST', `/licences/${id}/status`, {
      as: admin('scjgj'),
      body: { status: 'revoked', reason: '违规' },
    });
    expect(wrongDepartment.status).toBe(403);
    const suspended = await api.request('POST', `/licences/${id}/status`, {
      as: admin('wjj'),
      body: { status: 'suspended', reason: '整改期间暂扣' },
    });
    expect(suspended.status).toBe(200);
    const whileSuspended = await api.request('GET', `/verify/${id}`);
    expect(whileSuspended.body).toMatchObject({ valid: false, checks: { status: false } });
    expect(whileSuspended.body.problems).toEqual([{ check: 'status', reason: 'suspended' }]);
    await api.request('POST', `/licences/${id}/status`, {
      as: admin('wjj'),
      body: { status: 'valid', reason: '整改完成' },
    });
    expect((await api.request('GET', `/verify/${id}`)).body.valid).toBe(true);

    // Expired: four years on, the licence's validity has ended.
    await api.request('POST', '/dev/clock', { body: { now: '2031-06-01T09:00:00+08:00' } });
    try {
      const expired = await api.request('GET', `/verify/${id}`);
      expect(expired.body).toMatchObject({ valid: false, checks: { expiry: false, status: true } });
    } finally {
      await api.request('POST', '/dev/clock', { body: { reset: true } });
    }

    const revoked = await api.request('POST', `/licences/${id}/status`, {
      as: admin('wjj'),
      body: { status: 'revoked', reason: '以欺骗手段取得' },
    });
    expect(revoked.status).toBe(200);
    const credential = (await api.request('GET', `/licences/${id}`, { as: 'enterprise' })).body
      .credential as string;
    const check = await api.request('POST', '/verify', { body: { credential } });
    expect(check.body).toMatchObject({ valid: false, checks: { signature: true, status: false } });
    expect(
      (
        await api.request('POST', `/licences/${id}/status`, {
          as: admin('wjj'),
          body: { status: 'valid', reason: '恢复' },
        })
      ).status,
    ).toBe(409);

    const entry = JSON.parse(Buffer.from(credential.split('.')[1]!, 'base64url').toString())
      .credentialStatus[0];
    const bare = await fetch(`${api.url}/status-lists/1`);
    expect(bare.status).toBe(200);
    const list = await fetch(`${api.url}/status-lists/revocation-1`);
    expect(list.headers.get('content-type')).toContain('application/vc+jwt');
    const published = JSON.parse(Buffer.from((await list.text()).split('.')[1]!, 'base64url').toString());
    expect(published.type).toContain('BitstringStatusListCredential');
    expect(
      statusBit(decodeStatusList(published.credentialSubject.encodedList), Number(entry.statusListIndex)),
    ).toBe(true);
  });

  it('replaces a licence when a change is applied for with it, sealed after a seal rotation: both keys stay published', async () => {
    const kidOf = (jws: string) =>
      JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString()).kid as string;
    expect((await api.request('POST', '/dev/seal/rotate')).status).toBe(200);
    const done = await businessLicenceChange({
      materialId: 'business-licence',
      via: 'licence',
      licenceId: state.licence,
    });
    expect(done.status).toBe('COMPLETED');
    const renewed = await api.request('GET', `/licences/${done.result.licenceId}`, { as: 'enterprise' });
    expect(renewed.body.licence.previous).toBe(state.licence);
    expect(kidOf(renewed.body.credential)).not.toBe(kidOf(state.credential!));
    const keys = (await api.request('GET', '/.well-known/jwks.json')).body.keys.map(
      (k: { kid: string }) => k.kid,
    );
    expect(keys).toEqual(expect.arrayContaining([kidOf(state.credential!), kidOf(renewed.body.credential)]));
    // The old key is published with the instant it was retired: when the renewed key first signed.
    const published = (await api.request('GET', '/.well-known/jwks.json')).body.keys as Array<{
      kid: string;
      validFrom?: string;
      retiredAt?: string;
    }>;
    const oldKey = published.find((k) => k.kid === kidOf(state.credential!));
    const newKey = published.find((k) => k.kid === kidOf(renewed.body.credential));
    expect(oldKey?.retiredAt).toBeDefined();
    expect(newKey).toMatchObject({ validFrom: oldKey?.retiredAt });
    expect(newKey?.retiredAt).toBeUndefined();
    expect(
      (await api.request('POST', '/verify', { body: { credential: renewed.body.credential } })).body.valid,
    ).toBe(true);
    const old = await api.request('GET', `/verify/${state.licence}`);
    expect(old.body).toMatchObject({ valid: false, checks: { signature: true, status: false } });
  });
});
