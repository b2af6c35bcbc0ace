// Verifying a licence credential with the ports supplied directly: each failing check is named.
import { generateKeyPairSync, type JsonWebKey, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildCredential, verifyCredential } from '../../../shared/licences/credential.ts';
import { assembleJws, encodeSigningInput, jwkThumbprint } from '../../../shared/licences/jws.ts';
import type { LicenceRecord } from '../../../shared/licences/licence.ts';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = publicKey.export({ format: 'jwk' }) as JsonWebKey;
const kid = jwkThumbprint(jwk);

const record: LicenceRecord = {
  id: '1.2.156.3005.2.11100000000013338W004.11330902023217499R.20261201000123.001.0',
  name: '公共场所卫生许可证',
  typeCode: '11100000000013338W004',
  holder: {
    type: 'enterprise',
    name: '舟山海韵水产有限公司',
    idType: '统一社会信用代码',
    idNumber: '91330902MA2A1B2C31',
  },
  issuer: { department: 'wjj', name: '舟山市定海区卫生健康局', creditCode: '11330902023217499R' },
  jurisdiction: { id: 'dinghai', divisionCode: '330902', name: '定海区' },
  issueDate: '2026-12-01',
  validFrom: '2026-12-01',
  validUntil: '2030-11-30',
  fields: [{ key: 'address', label: '场所地址', value: '定海区解放路1号' }],
  status: 'valid',
  caseNumber: '330902-20261201-000123-8',
  itemCode: '330902-XK-0042',
  statusListIndex: 42,
  kid,
  rev: 1,
  historyLength: 1,
};

const seal = (payload: object, header: object = { alg: 'ES256', kid, typ: 'vc+jwt' }) => {
  const input = encodeSigningInput(header, payload);
  return assembleJws(
    input,
    sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }),
  );
};

const ports = (over: Partial<Parameters<typeof verifyCredential>[1]> = {}) => ({
  key: async (k: string) => (k === kid ? jwk : undefined),
  issuers: new Set(['11330902023217499R']),
  statusBit: async () => false,
  now: new Date('2027-06-01T00:00:00Z'),
  ...over,
});

describe('credential verification', () => {
  const credential = buildCredential(record, { statusLists: 'urn:tongban:dinghai:status-lists' });

  it('names its status lists under the jurisdiction’s public address when there is one', () => {
    const absolute = buildCredential(record, { statusLists: 'https://api.zwfw.example.cn/status-lists' });
    expect(absolute.credentialStatus[1]).toMatchObject({
      statusPurpose: 'suspension',
      statusListCredential: 'https://api.zwfw.example.cn/status-lists/suspension-1',
    });
  });

  it('takes a rotated key only for signatures dated before it was retired', async () => {
    const retired = async (k: string) =>
      k === kid
        ? { ...jwk, validFrom: '2026-01-01T00:00:00.000Z', retiredAt: '2027-01-01T00:00:00.000Z' }
        : undefined;
    const dated = (at: string) =>
      seal(credential, { alg: 'ES256', kid, typ: 'vc+jwt', iat: Date.parse(at) / 1000 });
    const before = await verifyCredential(dated('2026-12-31T23:59:59Z'), ports({ key: retired }));
    expect(before.checks.signature).toBe(true);
    const after = await verifyCredential(dated('2027-01-01T00:00:00Z'), ports({ key: retired }));
    expect(after.checks.signature).toBe(false);
    expect(after.problems).toEqual([
      { check: 'signature', reason: expect.stringContaining('after its key was retired at 2027-01-01') },
    ]);
    // Undated signatures (made before the seal dated them) verify by their key alone.
    expect((await verifyCredential(seal(credential), ports({ key: retired }))).checks.signature).toBe(true);
  });

  it('passes a sealed, valid licence on every check', async () => {
    const result = await verifyCredential(seal(credential), ports());
    expect(result).toMatchObject({
      valid: true,
      checks: { signature: true, issuer: true, status: true, expiry: true },
    });
    expect(credential.credentialStatus[0]).toMatchObject({
      statusListIndex: '42',
      statusPurpose: 'revocation',
    });
  });

  it('names the failing check: a changed byte, an unknown key, a foreign issuer, a revoked or an expired licence', async () => {
    const compact = seal(credential);
    const [h, p, s] = compact.split('.');
    const tampered = `${h}.${p!.slice(0, 10)}${p![10] === 'A' ? 'B' : 'A'}${p!.slice(11)}.${s}`;
    expect((await verifyCredential(tampered, ports())).checks.signature).toBe(false);
    expect(
      (await verifyCredential(seal(credential, { alg: 'ES256', kid: 'other' }), ports())).problems[0],
    ).toMatchObject({ check: 'signature', reason: 'unknown key other' });
    const foreign = await verifyCredential(
      seal(credential),
      ports({ issuers: new Set(['11000000000000000X']) }),
    );
    expect(foreign).toMatchObject({ valid: false, checks: { signature: true, issuer: false } });
    const revoked = await verifyCredential(
      seal(credential),
      ports({ statusBit: async (purpose) => purpose === 'revocation' }),
    );
    expect(revoked.problems).toEqual([{ check: 'status', reason: 'revoked or cancelled' }]);
    const expired = await verifyCredential(
      seal(credential),
      ports({ now: new Date('2030-12-01T00:00:00Z') }),
    );
    expect(expired).toMatchObject({
      valid: false,
      checks: { expiry: false },
      problems: [{ check: 'expiry', reason: 'expired' }],
    });
    expect((await verifyCredential('not a jws', ports())).valid).toBe(false);
  });
});
