// Verifying an OFD licence file on in-memory ports: the seal's checks pass through one by one, and the
// platform adds the status lists' word (revoked, suspended), the validity dates and whether the licence the
// file names was issued here. (tests/functions/licences-ofd.test.ts does it end to end with a real seal.)
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { type LicenceOfdInput, renderLicenceOfd } from '../../../functions/licences/ofd.ts';
import type { StoredLicence } from '../../../functions/licences/store.ts';
import { createOfdVerification, type OfdSealReport } from '../../../functions/licences/verify-ofd.ts';
import { loadJurisdiction } from '../../../infra/jurisdictions/index.ts';
import { formatLicenceId } from '../../../shared/licences/identifier.ts';
import type { LicenceRecord } from '../../../shared/licences/licence.ts';
import { emptyStatusList, type StatusPurpose, setStatusBit } from '../../../shared/licences/status-list.ts';

const jurisdiction = loadJurisdiction('dinghai');
const scjgj = jurisdiction.departments.find((d) => d.code === 'scjgj')!;
const id = formatLicenceId({
  typeCode: '11100000MB0143028R001',
  issuerCreditCode: scjgj.creditCode,
  serial: '20261201000123',
  version: 1,
});

const input = (overrides: Partial<LicenceOfdInput> = {}): LicenceOfdInput => ({
  title: '营业执照',
  identifier: id,
  typeCode: '11100000MB0143028R001',
  issuerCreditCode: scjgj.creditCode,
  holderName: '舟山海韵水产有限公司',
  holderIdLabel: '统一社会信用代码',
  holderIdType: '统一社会信用代码',
  holderId: '91330902MA2A1B2C31',
  issuerName: scjgj.name,
  issueDate: '2026-12-01',
  validFrom: '2026-12-01',
  fields: [{ label: '变更事项', value: '经营范围' }],
  qrPayload: `TBV1:${id}:x`,
  ...overrides,
});

const ok = { ok: true, message: 'fine' };
const sealed: OfdSealReport = {
  ok: true,
  package: ok,
  signatures: [
    {
      signedAt: '2026-12-01T02:00:00Z',
      files: [{ path: 'OFD.xml', ok: true }],
      checks: { digests: ok, signature: ok, seal: ok, chain: ok, revocation: ok },
    },
  ],
};

const setup = (options: { report?: OfdSealReport; status?: StatusPurpose; stored?: boolean } = {}) => {
  const lists = { revocation: emptyStatusList(), suspension: emptyStatusList() };
  if (options.status) setStatusBit(lists[options.status], 7, true);
  const record = {
    id,
    issueDate: '2026-12-01',
    statusListIndex: 7,
    status: options.status === 'revocation' ? 'revoked' : 'valid',
  };
  const { verifyOfd } = createOfdVerification({
    checkSeal: async () => options.report ?? sealed,
    store: {
      get: async (wanted: string) =>
        options.stored === false || wanted !== id
          ? undefined
          : ({ record: record as LicenceRecord } as StoredLicence),
      statusList: async (purpose: StatusPurpose) => ({ bits: lists[purpose], rev: 1 }),
    },
    clock: { now: () => new Date('2026-12-07T04:00:00Z') },
    jurisdiction,
  });
  return verifyOfd;
};

describe('verifying an OFD licence file', () => {
  it('passes when every check of the seal passes and the status lists say nothing against it', async () => {
    const result = await setup()(renderLicenceOfd(input()).ofd);
    expect(result.valid).toBe(true);
    expect(result.checks).toEqual({
      package: true,
      digests: true,
      signature: true,
      seal: true,
      chain: true,
      revocation: true,
      status: true,
      expiry: true,
    });
    expect(result.licence).toMatchObject({
      id,
      name: '营业执照',
      typeCode: '11100000MB0143028R001',
      holder: { name: '舟山海韵水产有限公司', idNumber: '9133**********2C31' },
      validUntil: '长期',
    });
    expect(result.signature?.signedAt).toBe('2026-12-01T02:00:00Z');
  });

  it('reports a failed seal check by name, with the seal’s own words', async () => {
    const report: OfdSealReport = {
      ...sealed,
      ok: false,
      signatures: [
        {
          ...sealed.signatures[0]!,
          files: [{ path: 'Doc_0/Pages/Page_0/Content.xml', ok: false }],
          checks: { ...sealed.signatures[0]!.checks, digests: { ok: false, message: 'Content.xml differs' } },
        },
      ],
    };
    const result = await setup({ report })(renderLicenceOfd(input()).ofd);
    expect(result.valid).toBe(false);
    expect(result.checks.digests).toBe(false);
    expect(result.checks.signature).toBe(true);
    expect(result.problems).toEqual([{ check: 'digests', reason: 'Content.xml differs' }]);
    expect(result.files).toEqual([{ path: 'Doc_0/Pages/Page_0/Content.xml', ok: false }]);
  });

  it('fails the status check of a revoked or suspended licence, and of one not issued here', async () => {
    const ofd = renderLicenceOfd(input()).ofd;
    const revoked = await setup({ status: 'revocation' })(ofd);
    expect(revoked.checks.status).toBe(false);
    expect(revoked.details.status.message).toMatch(/^Revoked in the status list/);
    const suspended = await setup({ status: 'suspension' })(ofd);
    expect(suspended.details.status.message).toMatch(/^Suspended/);
    const unknown = await setup({ stored: false })(ofd);
    expect(unknown.details.status.message).toBe(`No licence ${id} was issued here`);
    // Another platform's licence: its issuer is named, with capital letters in its serial.
    const foreign = formatLicenceId({
      typeCode: '11100000000013338W050',
      issuerCreditCode: '11330105002500287C',
      serial: '2025A05B2201',
      version: 2,
    });
    const other = await setup()(renderLicenceOfd(input({ identifier: foreign })).ofd);
    expect(other.details.status.message).toContain('issued by 11330105002500287C');
    // Sealed (by its signed time, in the jurisdiction's time zone) on another day than the recorded issuance.
    const resealed = await setup({
      report: { ...sealed, signatures: [{ ...sealed.signatures[0]!, signedAt: '2026-12-01T16:30:00Z' }] },
    })(ofd);
    expect(resealed.checks.status).toBe(false);
    expect(resealed.details.status.message).toMatch(
      /^Sealed on 2026-12-02, but licence .* was issued on 2026-12-01/,
    );
  });

  it('fails the expiry of an expired licence, and says when the file is no OFD at all', async () => {
    const expired = await setup()(renderLicenceOfd(input({ validUntil: '2026-12-06' })).ofd);
    expect(expired.details.expiry).toEqual({ ok: false, message: 'Expired on 2026-12-06' });
    const notOfd = await setup({
      report: { ok: false, package: { ok: false, message: 'not a zip' }, signatures: [] },
    })(new Uint8Array([1, 2, 3]));
    expect(notOfd.valid).toBe(false);
    expect(notOfd.problems.map((p) => p.check)).toEqual([
      'package',
      'digests',
      'signature',
      'seal',
      'chain',
      'revocation',
      'status',
      'expiry',
    ]);
    expect(notOfd.licence).toBeUndefined();
  });

  it('reads a file issued under the earlier metadata names (发证机构, 有效期截止日期 …) as well', async () => {
    const files = unzipSync(renderLicenceOfd(input({ validUntil: '2026-12-06' })).ofd);
    const earlier = new TextDecoder()
      .decode(files['OFD.xml'])
      .replace(/Name="证照颁发(机构|机构代码|日期)"/g, 'Name="发证$1"')
      .replace(/Name="证照(有效期起始日期|有效期截止日期)"/g, 'Name="$1"');
    expect(earlier).toContain('Name="有效期截止日期"');
    const result = await setup()(zipSync({ ...files, 'OFD.xml': new TextEncoder().encode(earlier) }));
    expect(result.details.expiry).toEqual({ ok: false, message: 'Expired on 2026-12-06' });
    expect(result.licence).toMatchObject({
      issuer: { name: scjgj.name, creditCode: scjgj.creditCode },
      validUntil: '2026-12-06',
    });
  });
});
