// The OFD licence end to end on the local cloud, checked with tools that know nothing of how it was made:
// an approved case issues the credential, the PDF and the sealed OFD under one identifier; the OFD unzips,
// openssl recomputes every SM3 check value and verifies the SM2 signature in SignedValue.dat against the
// signer's certificate, which chains to the demo CA the gateway publishes; POST /verify reports each check,
// and one changed byte in any signed file, or a revoked licence, fails by name. A business licence and a
// construction permit carry type codes of different defining bodies.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { definingBodies } from '../../shared/licences/types.ts';
import { useLocalCloud } from '../support/local-cloud.ts';
import {
  opensslChainToDemoCa,
  opensslCheckValues,
  opensslSignedValue,
  unpackOfdFile,
} from '../support/ofd.ts';
import { approvedLicenceChange, approveEveryStage } from '../support/review.ts';

const api = useLocalCloud('dinghai', async (cloud) => {
  await seedJurisdiction(cloud.jurisdiction);
});

const dir = mkdtempSync(join(tmpdir(), 'tongban-licence-ofd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const verifyOfd = (bytes: Uint8Array) =>
  api.request('POST', '/verify', { body: { ofd: Buffer.from(bytes).toString('base64') } });

const state: { id?: string; ofd?: Uint8Array } = {};

describe('OFD licences', () => {
  it('issues the OFD with the PDF and the credential, one licence under one identifier', async () => {
    const done = await approvedLicenceChange(api);
    const id = done.body.result.licenceId as string;
    const read = await api.request('GET', `/licences/${id}`, { as: 'enterprise' });
    expect(read.status).toBe(200);
    expect(read.body.ofd).toMatchObject({ expiresInSeconds: 300 });
    const response = await fetch(read.body.ofd.url);
    expect(response.status).toBe(200);
    const ofd = new Uint8Array(await response.arrayBuffer());
    state.id = id;
    state.ofd = ofd;
    const { listing } = unpackOfdFile(ofd, dir, 'licence');
    expect(listing).toEqual([
      'Doc_0/Document.xml',
      'Doc_0/DocumentRes.xml',
      'Doc_0/Pages/Page_0/Content.xml',
      'Doc_0/PublicRes.xml',
      'Doc_0/Res/NotoSerifSC-Bold-subset.ttf',
      'Doc_0/Res/NotoSerifSC-Regular-subset.ttf',
      'Doc_0/Signs/Sign_0/Signature.xml',
      'Doc_0/Signs/Sign_0/SignedValue.dat',
      'Doc_0/Signs/Signatures.xml',
      'OFD.xml',
    ]);
    const entry = readFileSync(join(dir, 'licence/OFD.xml'), 'utf8');
    // One identifier: the credential's subject, the OFD's metadata and the printed number.
    expect(entry).toContain(`<ofd:CustomData Name="证照标识">${id}</ofd:CustomData>`);
    expect(read.body.licence.id).toBe(id);
    const payload = JSON.parse(Buffer.from(read.body.credential.split('.')[1], 'base64url').toString());
    expect(JSON.stringify(payload)).toContain(id);
    // A 营业执照 is defined by 国家市场监督管理总局: its type code starts with that body's credit code.
    const typeCode = /<ofd:CustomData Name="证照类型代码">([^<]+)</.exec(entry)?.[1] ?? '';
    expect(typeCode.slice(0, 18)).toBe(definingBodies.samr.creditCode);
    expect(id.split('.')[5]).toBe(typeCode);
  });

  it('carries SM3 check values openssl recomputes and an SM2 seal openssl verifies, chained to the demo CA', async () => {
    const root = join(dir, 'licence');
    const { signatureXml, references } = opensslCheckValues(root);
    expect(references.map((r) => r.path).sort()).toEqual([
      'Doc_0/Document.xml',
      'Doc_0/DocumentRes.xml',
      'Doc_0/Pages/Page_0/Content.xml',
      'Doc_0/PublicRes.xml',
      'Doc_0/Res/NotoSerifSC-Bold-subset.ttf',
      'Doc_0/Res/NotoSerifSC-Regular-subset.ttf',
      'OFD.xml',
    ]);
    for (const r of references) expect(r.computed, r.path).toBe(r.stated);
    // The stamp sits over the issuer and the date.
    expect(signatureXml).toMatch(/<ofd:StampAnnot ID="\d+" PageRef="\d+" Boundary="133 221 40 40"\/>/);

    const signed = opensslSignedValue(root, dir);
    expect(signed.algorithm).toContain('SM2-with-SM3');
    expect(signed.verified).toContain('Signature Verified Successfully');
    // TBS_Sign's dataHash is SM3 of Signature.xml.
    expect(signed.signsSignatureXml).toBe(true);
    // The signer's certificate chains to the demo CA as the gateway publishes it.
    expect(await opensslChainToDemoCa(api.url, dir, signed.signerPem)).toContain(': OK');
  });

  it('verifies the OFD by POST /verify, each check on its own', async () => {
    const res = await verifyOfd(state.ofd!);
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(true);
    expect(res.body.checks).toEqual({
      package: true,
      digests: true,
      signature: true,
      seal: true,
      chain: true,
      revocation: true,
      status: true,
      expiry: true,
    });
    expect(res.body.files).toHaveLength(7);
    expect(res.body.licence).toMatchObject({
      id: state.id,
      name: '营业执照',
      holder: { name: '舟山海韵水产有限公司' },
    });
    expect(res.body.licence.holder.idNumber).toMatch(/^\d{4}\*+[0-9A-Z]{4}$/);
    expect(res.body.signature.seal.name).toBeTruthy();
    // Not an OFD: 200 with the package check failed; not base64: 400 naming the field.
    const junk = await verifyOfd(new TextEncoder().encode('not an ofd file, just text'.repeat(8)));
    expect(junk.status).toBe(200);
    expect(junk.body).toMatchObject({ valid: false, checks: { package: false } });
    const bad = await api.request('POST', '/verify', { body: { ofd: '@@not base64@@'.repeat(10) } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('body.ofd');
  });

  it('fails the digest check when one byte of any signed file changes', async () => {
    const files = unzipSync(state.ofd!);
    const signed = Object.keys(files).filter((p) => !p.startsWith('Doc_0/Signs/'));
    expect(signed).toHaveLength(7);
    for (const path of signed) {
      const changed = { ...files, [path]: new Uint8Array(files[path]!) };
      const bytes = changed[path]!;
      // One byte: in the middle of a text, a character that keeps the XML well formed; anywhere in a font.
      const at = path.endsWith('.xml') ? bytes.lastIndexOf(0x3e) - 2 : Math.floor(bytes.length / 2);
      bytes[at] = bytes[at] === 0x31 ? 0x32 : 0x31;
      const res = await verifyOfd(zipSync(changed));
      expect(res.status, path).toBe(200);
      expect(res.body.valid, path).toBe(false);
      expect(res.body.checks.digests, path).toBe(false);
      expect(res.body.files.find((f: { path: string }) => f.path === path)?.ok, path).toBe(false);
    }
  });

  it('fails the status check of a revoked licence', async () => {
    const revoked = await api.request('POST', `/licences/${state.id}/status`, {
      as: { sub: 'admin-scjgj', role: 'admin', name: '证照管理员', department: 'scjgj' },
      body: { status: 'revoked', reason: '以欺骗手段取得许可' },
    });
    expect(revoked.status).toBe(200);
    const res = await verifyOfd(state.ofd!);
    expect(res.body.valid).toBe(false);
    expect(res.body.checks).toMatchObject({
      digests: true,
      signature: true,
      seal: true,
      chain: true,
      status: false,
    });
    expect(res.body.problems).toEqual([
      { check: 'status', reason: expect.stringMatching(/^Revoked in the status list/) },
    ]);
  });

  it('gives a construction permit the type code of another defining body', async () => {
    const item = (await api.request('GET', '/items/330902-XK-0080')).body;
    expect(item.result.licenceType).toBe('建筑工程施工许可证');
    const materials = [];
    for (const m of item.materials as Array<{ id: string }>)
      materials.push({ materialId: m.id, via: 'upload', key: await api.upload('enterprise') });
    const submitted = await api.request('POST', '/cases', {
      as: 'enterprise',
      body: {
        itemCode: '330902-XK-0080',
        form: { projectName: '定海区海韵冷链仓储项目', contractPrice: 3200, startDate: '2027-01-15' },
        materials,
      },
      headers: { 'idempotency-key': `construction-${Date.now()}` },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const n = submitted.body.caseNumber as string;
    expect(
      (await api.request('POST', `/cases/${n}/acceptance`, { as: 'clerk', body: { decision: 'accept' } }))
        .status,
    ).toBe(200);
    const done = (await approveEveryStage(api, n)).body;
    const id = done.result.licenceId as string;
    const typeCode = id.split('.')[5]!;
    expect(typeCode.slice(0, 18)).toBe(definingBodies.mohurd.creditCode);
    expect(typeCode.slice(0, 18)).not.toBe((state.id ?? '').split('.')[5]?.slice(0, 18));
    const read = await api.request('GET', `/licences/${id}`, { as: 'enterprise' });
    const ofd = new Uint8Array(await (await fetch(read.body.ofd.url)).arrayBuffer());
    expect((await verifyOfd(ofd)).body.valid).toBe(true);
  });
});
