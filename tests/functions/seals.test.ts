// 电子印章 on the local cloud: the demo e-seal system gives every department a seal for the SM2 KMS key and
// the demo root is trusted and published; an administrator imports a seal and certificate from another
// (trusted) CA and every bad one is refused with a 400 naming the field; and an OFD sealed with a
// department's seal through KMS (MessageType DIGEST) verifies, in verifyOfd and in openssl; a certificate
// request for the KMS key verifies in openssl, and the certificate a CA issues from it imports.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/lib/dynamo.ts';
import { createSealStore } from '../../functions/licences/seal-store.ts';
import { createSeals } from '../../functions/licences/seals.ts';
import { createKmsSm2Signer } from '../../functions/licences/sm2-signer.ts';
import { names } from '../../infra/naming.ts';
import { verifyOfd } from '../../shared/licences/ofd-seal.ts';
import { parseSesSignature } from '../../shared/licences/ses.ts';
import { parseSm2Certificate } from '../../shared/licences/sm2-certificates.ts';
import { crlSignedBy, parseSm2Crl } from '../../shared/licences/sm2-crl.ts';
import { useLocalCloud } from '../support/local-cloud.ts';
import {
  makePki,
  openssl,
  opensslCrl,
  opensslIssue,
  opensslSm2Ca,
  opensslSm2Verify,
  type Pki,
  sealFor,
  unsignedOfd,
} from '../support/seals.ts';

const api = useLocalCloud('dinghai');
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
let dir: string;
let kmsKey: Uint8Array;
/** A PKI whose signer certificate certifies the KMS key, as a province's CA would issue it. */
let pki: Pki;

const seals = () => {
  const n = names('dinghai');
  return createSeals({
    store: createSealStore(dynamo(), n.table),
    signer: createKmsSm2Signer(new KMSClient({}), n.sm2SealKeyAlias),
    clock: { now: () => new Date() },
    jurisdiction: api.cloud.jurisdiction,
  });
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tongban-seals-'));
  kmsKey = await createKmsSm2Signer(new KMSClient({}), names('dinghai').sm2SealKeyAlias).publicKey();
  pki = makePki({ signerKey: kmsKey });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo seals', () => {
  it('gives every department a current seal and publishes the trusted demo root', async () => {
    const list = await api.request('GET', '/admin/seals', { as: 'admin' });
    expect(list.status).toBe(200);
    expect(list.body.seals.map((s: { department: string }) => s.department).sort()).toEqual(
      api.cloud.jurisdiction.departments.map((d) => d.code).sort(),
    );
    expect(list.body.seals[0]).toMatchObject({
      esId: expect.stringMatching(/^3309029\d{7}$/),
      name: expect.stringContaining('电子证照专用章'),
    });
    const roots = await api.request('GET', '/seal-roots');
    expect(roots.status).toBe(200);
    const publishedPem = await fetch(`${api.url}/.well-known/tongban/demo-seal-ca.pem`);
    expect(publishedPem.headers.get('content-type')).toBe('application/x-pem-file');
    const pem = await publishedPem.text();
    expect(roots.body.roots.map((r: { pem: string }) => r.pem)).toContain(pem);
    const der = new Uint8Array(
      await (await fetch(`${api.url}/.well-known/tongban/demo-seal-ca.cer`)).arrayBuffer(),
    );
    expect(parseSm2Certificate(der)).toMatchObject({
      isCa: true,
      subject: expect.stringContaining('演示电子印章根CA'),
    });
    // Its CRL, published beside it and held by the jurisdiction.
    const published = await fetch(`${api.url}/.well-known/tongban/demo-seal-ca.crl`);
    expect(published.headers.get('content-type')).toBe('application/pkix-crl');
    const crl = parseSm2Crl(new Uint8Array(await published.arrayBuffer()));
    expect(crlSignedBy(crl, parseSm2Certificate(der).publicKey)).toBe(true);
    const demoRoot = roots.body.roots.find((r: { pem: string }) => r.pem === pem);
    expect(demoRoot.crl).toMatchObject({
      issuer: crl.issuer,
      thisUpdate: crl.thisUpdate.toISOString(),
      revokedCount: 0,
    });
  });

  it('seals an OFD through KMS with the department’s seal: verifyOfd and openssl agree', async () => {
    const signed = await seals().sealOfd(unsignedOfd(), {
      department: 'scjgj',
      stamp: { page: 0, x: 200, y: 140, width: 40, height: 40 },
      time: new Date(),
    });
    const result = verifyOfd(signed, await seals().trust());
    expect(result.ok).toBe(true);
    expect(result.signatures[0]!.signer?.subject).toContain('CN=舟山市定海区市场监督管理局');

    const value = parseSesSignature(unzipSync(signed)['Doc_0/Signs/Sign_0/SignedValue.dat']!);
    writeFileSync(join(dir, 'tbs.der'), value.tbsSign);
    writeFileSync(join(dir, 'sig.der'), value.signature);
    writeFileSync(join(dir, 'signer.der'), value.certificate);
    writeFileSync(
      join(dir, 'root.pem'),
      await (await fetch(`${api.url}/.well-known/tongban/demo-seal-ca.pem`)).text(),
    );
    openssl(['x509', '-inform', 'der', '-in', join(dir, 'signer.der'), '-out', join(dir, 'signer.pem')]);
    openssl(['x509', '-in', join(dir, 'signer.pem'), '-pubkey', '-noout', '-out', join(dir, 'pub.pem')]);
    expect(opensslSm2Verify(join(dir, 'pub.pem'), join(dir, 'tbs.der'), join(dir, 'sig.der'))).toContain(
      'Signature Verified Successfully',
    );
    expect(
      openssl([
        'verify',
        '-vfyopt',
        'distid:1234567812345678',
        '-CAfile',
        join(dir, 'root.pem'),
        join(dir, 'signer.pem'),
      ]),
    ).toContain(': OK');
  });

  it('refuses to seal for a department without a seal', async () => {
    await expect(
      seals().sealOfd(unsignedOfd(), {
        department: 'nosuch',
        stamp: { page: 0, x: 0, y: 0, width: 40, height: 40 },
        time: new Date(),
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('POST /admin/seals', () => {
  const post = (body: Record<string, unknown>, as: 'admin' | 'reviewer' = 'admin') =>
    api.request('POST', '/admin/seals', { as, body });
  const valid = () => ({
    department: 'zjj',
    seal: b64(sealFor(pki)),
    certificate: b64(pki.signerCertificate),
  });

  it('refuses a seal from a CA the jurisdiction does not trust, then takes it once the root is added', async () => {
    const untrusted = await post(valid());
    expect(untrusted.status).toBe(400);
    expect(untrusted.body.error.details).toEqual([
      { path: 'certificate', message: expect.stringContaining('No trusted issuer') },
    ]);

    const pemRoot = `-----BEGIN CERTIFICATE-----\n${b64(pki.rootCertificate)}\n-----END CERTIFICATE-----\n`;
    const root = await api.request('POST', '/admin/seal-roots', {
      as: 'admin',
      body: { certificate: pemRoot },
    });
    expect(root.status).toBe(201);
    expect(root.body).toMatchObject({ subject: 'CN=测试根CA, O=tongban, C=CN', added: true });

    const imported = await post(valid());
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({
      department: 'zjj',
      esId: '33090200000001',
      importedBy: { sub: 'demo-admin' },
    });
    const list = await api.request('GET', '/admin/seals', { as: 'admin' });
    expect(list.body.seals.find((s: { department: string }) => s.department === 'zjj')).toMatchObject({
      esId: '33090200000001',
    });
  });

  it('refuses every bad seal or certificate with a 400 naming the field, and changes nothing', async () => {
    const before = (await api.request('GET', '/admin/seals', { as: 'admin' })).body;
    const other = makePki();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ ...valid(), seal: b64(new Uint8Array(64).fill(7)) }, 'seal', /not valid DER/],
      [{ ...valid(), seal: 'not base64 at all!' }, 'seal', /not base64/],
      [{ ...valid(), certificate: b64(sealFor(pki)) }, 'certificate', /not DER X.509/],
      [{ ...valid(), department: 'nosuch' }, 'department', /not a department/],
      [
        {
          ...valid(),
          seal: b64(sealFor(pki, { validFrom: new Date('2020-01-01'), validUntil: new Date('2021-01-01') })),
        },
        'seal',
        /expired/,
      ],
      [
        { ...valid(), seal: b64(sealFor(pki, { signers: [other.signerCertificate] })) },
        'seal',
        /does not list/,
      ],
      [{ ...valid(), seal: b64(sealFor(other)) }, 'seal', /not trusted|not signed/],
      [{ ...valid(), certificate: b64(makePki().signerCertificate) }, 'certificate', /No trusted issuer/],
      [{ ...valid(), certificate: b64(pki.rootCertificate) }, 'certificate', /CA certificate/],
    ];
    for (const [body, path, message] of cases) {
      const res = await post(body);
      expect(res.status, `${path} ${message}`).toBe(400);
      expect(res.body.error.details[0]).toEqual({ path, message: expect.stringMatching(message) });
    }
    // A certificate from the trusted CA but for another key than the KMS one.
    const wrongKey = makePki();
    const sameRootOtherKey = { ...pki, signerCertificate: wrongKey.signerCertificate };
    expect((await post({ ...valid(), certificate: b64(sameRootOtherKey.signerCertificate) })).status).toBe(
      400,
    );
    const missing = await post({ department: 'zjj' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.certificate',
      'body.seal',
    ]);
    expect((await api.request('GET', '/admin/seals', { as: 'admin' })).body).toEqual(before);
  });

  it('writes a certificate request openssl verifies; a certificate a CA issues from it imports', async () => {
    const res = await api.request('POST', '/admin/seals/csr', { as: 'admin', body: { department: 'jyj' } });
    expect(res.status).toBe(200);
    expect(res.body.subject).toBe('CN=舟山市定海区教育局, OU=jyj, O=定海区, C=CN');
    writeFileSync(join(dir, 'jyj.csr'), res.body.csr);
    const checked = spawnSync(
      'openssl',
      ['req', '-in', join(dir, 'jyj.csr'), '-verify', '-vfyopt', 'distid:1234567812345678', '-noout'],
      { encoding: 'utf8' },
    );
    expect(`${checked.stdout}${checked.stderr}`).toMatch(/verify OK/);
    // The province's CA, played by openssl: its root, then the signer's certificate from the request.
    const ca = opensslSm2Ca(dir, '/C=CN/O=浙江省/CN=省电子认证根CA');
    opensslIssue(ca, join(dir, 'jyj.csr'), join(dir, 'jyj.pem'));
    const root = await api.request('POST', '/admin/seal-roots', {
      as: 'admin',
      body: { certificate: readFileSync(ca.certificate, 'utf8') },
    });
    expect(root.status).toBe(201);
    /** Imports the certificate at `path` (PEM) with a seal that lists it. */
    const importIssued = (path: string) => {
      const certificate = readFileSync(path, 'utf8');
      const der = new Uint8Array(
        Buffer.from(certificate.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64'),
      );
      return post({ department: 'jyj', seal: b64(sealFor(pki, { signers: [der] })), certificate });
    };
    const imported = await importIssued(join(dir, 'jyj.pem'));
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ department: 'jyj' });
    // A certificate for encryption only is refused.
    opensslIssue(ca, join(dir, 'jyj.csr'), join(dir, 'jyj-enc.pem'), {
      extensions: 'keyUsage=critical,keyEncipherment\n',
    });
    const refused = await importIssued(join(dir, 'jyj-enc.pem'));
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toEqual({
      path: 'certificate',
      message: expect.stringContaining('does not allow signing'),
    });
    const unknown = await api.request('POST', '/admin/seals/csr', {
      as: 'admin',
      body: { department: 'nosuch' },
    });
    expect(unknown.status).toBe(400);
  });

  it('takes the CA’s CRLs: a certificate revoked before signing fails verification, one revoked after stands', async () => {
    // The province's CA of the test above, its signer certificate for department jyj certifying the KMS key.
    const ca = { key: join(dir, 'openssl-ca.key'), certificate: join(dir, 'openssl-ca.pem') };
    const serialNumber = openssl(['x509', '-in', join(dir, 'jyj.pem'), '-serial', '-noout'])
      .trim()
      .replace(/^serial=/, '')
      .toLowerCase();
    const signedAt = new Date();
    const signed = await seals().sealOfd(unsignedOfd(), {
      department: 'jyj',
      stamp: { page: 0, x: 200, y: 140, width: 40, height: 40 },
      time: signedAt,
    });
    const verify = async () =>
      (await api.request('POST', '/verify', { body: { ofd: b64(signed) } })).body as {
        checks: Record<string, boolean>;
        details: { revocation: { ok: boolean; message: string } };
      };
    const unchecked = await verify();
    expect(unchecked.checks).toMatchObject({ signature: true, seal: true, chain: true, revocation: true });
    expect(unchecked.details.revocation.message).toContain('No CRL of the issuer held');

    const importCrl = (path: string) =>
      api.request('POST', '/admin/seal-crls', { as: 'admin', body: { crl: b64(readFileSync(path)) } });
    const second = 1000;
    await new Promise((r) => setTimeout(r, 2 * second));
    // Revoked after signing (superseded): the signature stands.
    const later = opensslCrl(ca, dir, 'later', [
      { serialNumber, revokedAt: new Date(signedAt.getTime() + second), reason: 'superseded' },
    ]);
    const taken = await importCrl(later);
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({ taken: true, crlNumber: 1, revokedCount: 1 });
    const stands = await verify();
    expect(stands.checks.revocation).toBe(true);
    expect(stands.details.revocation.message).toContain('after the signing time: the signature stands');

    // Revoked after signing for a compromised key: the signing time cannot be trusted, it fails.
    await new Promise((r) => setTimeout(r, 1.1 * second));
    const compromised = opensslCrl(
      ca,
      dir,
      'compromised',
      [{ serialNumber, revokedAt: new Date(signedAt.getTime() + second), reason: 'keyCompromise' }],
      2,
    );
    expect((await importCrl(compromised)).body).toMatchObject({ taken: true, crlNumber: 2 });
    const failed = await verify();
    expect(failed.checks).toMatchObject({ signature: true, chain: true, revocation: false });
    expect(failed.details.revocation.message).toContain('keyCompromise');

    // Revoked before the signing time: fails, and the department can no longer seal with it.
    await new Promise((r) => setTimeout(r, 1.1 * second));
    const before = opensslCrl(
      ca,
      dir,
      'before',
      [{ serialNumber, revokedAt: new Date(signedAt.getTime() - second), reason: 'superseded' }],
      3,
    );
    expect((await importCrl(before)).status).toBe(201);
    const revoked = await verify();
    expect(revoked.checks.revocation).toBe(false);
    expect(revoked.details.revocation.message).toContain('before the signing time');
    await expect(
      seals().sealOfd(unsignedOfd(), {
        department: 'jyj',
        stamp: { page: 0, x: 200, y: 140, width: 40, height: 40 },
        time: new Date(),
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const der = new Uint8Array(
      Buffer.from(
        readFileSync(join(dir, 'jyj.pem'), 'utf8')
          .replace(/-----[^-]+-----/g, '')
          .replace(/\s/g, ''),
        'base64',
      ),
    );
    const reimport = await post({
      department: 'jyj',
      seal: b64(sealFor(pki, { signers: [der] })),
      certificate: readFileSync(join(dir, 'jyj.pem'), 'utf8'),
    });
    expect(reimport.status).toBe(400);
    expect(reimport.body.error.details[0].message).toContain('revoked');

    // An older CRL changes nothing; one from a CA not trusted is refused naming the field.
    expect((await importCrl(later)).body).toMatchObject({ taken: false });
    const stranger = opensslSm2Ca(mkdtempSync(join(dir, 'stranger-')), '/C=CN/CN=不受信任的CA');
    const untrusted = await importCrl(opensslCrl(stranger, dir, 'stranger', []));
    expect(untrusted.status).toBe(400);
    expect(untrusted.body.error.details[0]).toEqual({
      path: 'crl',
      message: expect.stringContaining('not a root the jurisdiction trusts'),
    });
    const notCrl = await api.request('POST', '/admin/seal-crls', {
      as: 'admin',
      body: { crl: b64(readFileSync(join(dir, 'jyj.pem'))) },
    });
    expect(notCrl.status).toBe(400);
    expect(
      (await api.request('POST', '/admin/seal-crls', { as: 'reviewer', body: { crl: 'x'.repeat(40) } }))
        .status,
    ).toBe(403);
    const roots = await api.request('GET', '/seal-roots');
    expect(
      roots.body.roots.find((r: { subject: string }) => r.subject.includes('省电子认证根CA')).crl,
    ).toMatchObject({ crlNumber: 3, revokedCount: 1 });
  });

  it('is for administrators only', async () => {
    expect((await post(valid(), 'reviewer')).status).toBe(403);
    expect((await api.request('POST', '/admin/seals', { body: valid() })).status).toBe(401);
    expect((await api.request('GET', '/admin/seals', { as: 'reviewer' })).status).toBe(403);
  });
});
