import { randomBytes } from 'node:crypto';
import { sm3, sm4 } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import {
  blindIndex,
  type DataKey,
  isSealed,
  mask,
  openValue,
  type SealAlgorithm,
  sealAlgorithmFor,
  sealValue,
} from '../../shared/sealed.ts';

const keyOf = (alg: SealAlgorithm): DataKey => ({
  alg,
  plaintext: randomBytes(alg === 'SM4-GCM' ? 16 : 32),
  encrypted: 'AQID',
  kek: 'arn:aws:kms:us-east-1:000000000000:key/1',
});
const here = { table: 'tongban-dinghai', row: 'CASE#33090220260101000001', field: 'applicant.idNumber' };
const id = '330902199001011238';

describe('sealed values', () => {
  for (const alg of ['AES-256-GCM', 'SM4-GCM'] as const) {
    it(`${alg}: opens where it was sealed, nowhere else, and holds no clear text`, () => {
      const key = keyOf(alg);
      const sealed = sealValue(key, here, id, mask('id-number', id));
      expect(isSealed(sealed)).toBe(true);
      expect(sealed).toMatchObject({ v: 1, alg, kek: key.kek, edk: 'AQID', mask: '3309**********1238' });
      expect(JSON.stringify(sealed)).not.toContain(id);
      expect(openValue(key.plaintext, here, sealed)).toBe(id);
      // Moved to another row or field, or tampered with, it does not open.
      expect(() => openValue(key.plaintext, { ...here, row: 'CASE#33090220260101000002' }, sealed)).toThrow(
        /does not open/,
      );
      expect(() => openValue(key.plaintext, { ...here, field: 'agent.idNumber' }, sealed)).toThrow();
      const flipped = Buffer.from(sealed.ct, 'base64url');
      flipped[0]! ^= 1;
      expect(() =>
        openValue(key.plaintext, here, { ...sealed, ct: flipped.toString('base64url') }),
      ).toThrow();
      expect(() => openValue(keyOf(alg).plaintext, here, sealed)).toThrow();
      // A fresh nonce each time: the same value seals differently.
      expect(sealValue(key, here, id, '').ct).not.toBe(sealed.ct);
    });
  }

  it('SM4-GCM is the GB/T 32907 cipher in GCM mode (RFC 8998 appendix A.1)', () => {
    const out = sm4.encrypt(
      Uint8Array.from(
        'AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA'
          .match(/../g)!
          .map((h) => Number.parseInt(h, 16)),
      ),
      '0123456789ABCDEFFEDCBA9876543210',
      {
        mode: 'gcm',
        iv: '00001234567800000000ABCD',
        associatedData: 'FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2',
        outputTag: true,
      },
    );
    expect(out.output.toUpperCase()).toBe(
      '17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D',
    );
    expect(out.tag?.toUpperCase()).toBe('83DE3541E4C2B58177E065A9BF7B62EC');
  });

  it('picks SM4 in the China Regions and AES elsewhere', () => {
    expect(sealAlgorithmFor('cn-north-1')).toBe('SM4-GCM');
    expect(sealAlgorithmFor('cn-northwest-1')).toBe('SM4-GCM');
    expect(sealAlgorithmFor('ap-east-1')).toBe('AES-256-GCM');
    expect(sealAlgorithmFor(undefined)).toBe('AES-256-GCM');
  });
});

describe('blind index', () => {
  const secret = randomBytes(32);
  it('is equal for equal normalised values, keyed, and separate per kind', () => {
    for (const alg of ['AES-256-GCM', 'SM4-GCM'] as const) {
      const a = blindIndex(alg, secret, 'id-number', '11010519491231002x');
      expect(a).toBe(blindIndex(alg, secret, 'id-number', ' 11010519491231002X'));
      expect(a).not.toBe(blindIndex(alg, randomBytes(32), 'id-number', '11010519491231002X'));
      expect(a).not.toBe(blindIndex(alg, secret, 'text', '11010519491231002X'));
      expect(a).not.toContain('11010519491231002');
    }
    expect(() => blindIndex('AES-256-GCM', randomBytes(16), 'mobile', '13905807766')).toThrow();
  });

  it('with SM4 is HMAC-SM3 (RFC 2104 over SM3, 64-byte blocks)', () => {
    const pad = (byte: number) =>
      Buffer.concat([secret, Buffer.alloc(64 - secret.length)]).map((b) => b ^ byte);
    const inner = Buffer.from(
      sm3(new Uint8Array(Buffer.concat([pad(0x36), Buffer.from('mobile:13905807766')]))),
      'hex',
    );
    const outer = sm3(new Uint8Array(Buffer.concat([pad(0x5c), inner])));
    expect(blindIndex('SM4-GCM', secret, 'mobile', '139 0580 7766')).toBe(
      `s3.${Buffer.from(outer, 'hex').toString('base64url')}`,
    );
  });
});

describe('masks', () => {
  it('keep what a person recognises and nothing that identifies', () => {
    expect(mask('id-number', '11010519491231002x')).toBe('1101**********002X');
    expect(mask('id-number', '91330902MA2A1B2C3D')).toBe('9133**********2C3D');
    expect(mask('mobile', '+86 139-0580-7766')).toBe('139****7766');
    expect(mask('mobile', '12345')).toBe('****');
    expect(mask('text', '舟山市定海区解放路1号')).toBe('舟********');
    expect(mask('text', 'x')).toBe('*');
  });
});
