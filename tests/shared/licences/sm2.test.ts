// SM2 and SM3 checked against OpenSSL both ways: SM3 digests, signatures made here verify in `openssl
// pkeyutl … -digest sm3 -pkeyopt distid:1234567812345678` and OpenSSL's verify here; the ID matters (an
// empty one, OpenSSL's default, fails); a digest signed as KMS signs MessageType DIGEST is the same SM2
// signature; certificates OpenSSL makes read and chain here, and ours chain in `openssl verify`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  sm2Digest,
  sm2KeyPair,
  sm2Sign,
  sm2SignDigest,
  sm2Verify,
  sm2VerifyDigest,
  sm3,
} from '../../../shared/licences/sm2.ts';
import {
  parseSm2Certificate,
  sm2PublicKeyFromSpki,
  sm2Spki,
  verifyChain,
} from '../../../shared/licences/sm2-certificates.ts';
import { openssl, opensslIssue, opensslSm2Ca, opensslSm2Verify } from '../../support/seals.ts';

let dir: string;
const file = (name: string, content?: Uint8Array | string) => {
  const path = join(dir, name);
  if (content !== undefined) writeFileSync(path, content);
  return path;
};
const derOfPem = (path: string) =>
  new Uint8Array(
    Buffer.from(
      readFileSync(path, 'utf8')
        .replace(/-----[^-]+-----/g, '')
        .replace(/\s/g, ''),
      'base64',
    ),
  );
const pemOfSpki = (spki: Uint8Array) =>
  `-----BEGIN PUBLIC KEY-----\n${Buffer.from(spki).toString('base64')}\n-----END PUBLIC KEY-----\n`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tongban-sm2-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SM3', () => {
  it('matches openssl dgst -sm3, and the standard’s example (GB/T 32905 A.1: "abc")', () => {
    expect(Buffer.from(sm3(new TextEncoder().encode('abc'))).toString('hex')).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
    const data = new Uint8Array(5000).map((_, i) => (i * 31) % 256);
    const out = openssl(['dgst', '-sm3', '-r', file('data.bin', data)]).split(' ')[0];
    expect(Buffer.from(sm3(data)).toString('hex')).toBe(out);
  });
});

describe('SM2 signatures', () => {
  it('verify in openssl with the conventional ID, and not with an empty one', () => {
    const key = sm2KeyPair();
    const message = new TextEncoder().encode('电子证照 TBS_Sign '.repeat(400));
    file('message.bin', message);
    file('sig.der', sm2Sign(key.privateKey, message));
    file('pub.pem', pemOfSpki(sm2Spki(key.publicKey)));
    expect(opensslSm2Verify(file('pub.pem'), file('message.bin'), file('sig.der'))).toContain(
      'Verified Successfully',
    );
    expect(() => opensslSm2Verify(file('pub.pem'), file('message.bin'), file('sig.der'), '')).toThrow();
  });

  it('read openssl’s signatures, made with the conventional ID', () => {
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', file('key.pem')]);
    openssl(['pkey', '-in', file('key.pem'), '-pubout', '-outform', 'der', '-out', file('pub.der')]);
    const message = new TextEncoder().encode('Signature.xml');
    file('m.bin', message);
    openssl([
      'pkeyutl',
      '-sign',
      '-inkey',
      file('key.pem'),
      '-rawin',
      '-digest',
      'sm3',
      '-pkeyopt',
      'distid:1234567812345678',
      '-in',
      file('m.bin'),
      '-out',
      file('s.der'),
    ]);
    const publicKey = sm2PublicKeyFromSpki(new Uint8Array(readFileSync(file('pub.der'))));
    const signature = new Uint8Array(readFileSync(file('s.der')));
    expect(sm2Verify(publicKey, message, signature)).toBe(true);
    expect(sm2Verify(publicKey, message, signature, '')).toBe(false);
    expect(sm2Verify(publicKey, new TextEncoder().encode('Signature.xmL'), signature)).toBe(false);
  });

  it('signing SM3(ZA ‖ M) as a digest (KMS MessageType DIGEST) is signing M', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (message) => {
        const key = sm2KeyPair();
        const viaDigest = sm2SignDigest(key.privateKey, sm2Digest(key.publicKey, message));
        return (
          sm2Verify(key.publicKey, message, viaDigest) &&
          sm2VerifyDigest(key.publicKey, sm2Digest(key.publicKey, message), sm2Sign(key.privateKey, message))
        );
      }),
      { numRuns: 25 },
    );
  });

  it('refuses malformed signatures and keys without throwing', () => {
    const key = sm2KeyPair();
    const message = new Uint8Array([1, 2, 3]);
    const good = sm2Sign(key.privateKey, message);
    for (const bad of [
      new Uint8Array(),
      good.subarray(0, 10),
      new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01]),
      Uint8Array.of(...good, 0),
    ]) {
      expect(sm2Verify(key.publicKey, message, bad)).toBe(false);
    }
    expect(sm2Verify(new Uint8Array(65).fill(4), message, good)).toBe(false);
  });
});

describe('SM2 certificates', () => {
  it('read and chain certificates openssl makes (req -sm3 -sigopt distid)', () => {
    const ca = opensslSm2Ca(dir, '/C=CN/O=省电子印章/CN=省根CA');
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', file('leaf.key')]);
    openssl([
      'req',
      '-utf8',
      '-new',
      '-key',
      file('leaf.key'),
      '-sm3',
      '-sigopt',
      'distid:1234567812345678',
      '-subj',
      '/C=CN/CN=签章人',
      '-out',
      file('leaf.csr'),
    ]);
    opensslIssue(ca, file('leaf.csr'), file('leaf.pem'), { days: 10 });
    const leaf = parseSm2Certificate(derOfPem(file('leaf.pem')));
    expect(leaf.subject).toBe('CN=签章人, C=CN');
    expect(leaf.issuer).toBe('CN=省根CA, O=省电子印章, C=CN');
    const root = derOfPem(ca.certificate);
    expect(verifyChain(leaf.der, { roots: [root], at: new Date() })).toMatchObject({
      ok: true,
      path: ['CN=签章人, C=CN', 'CN=省根CA, O=省电子印章, C=CN'],
    });
    expect(
      verifyChain(leaf.der, { roots: [root], at: new Date(Date.now() + 60 * 24 * 3600 * 1000) }).ok,
    ).toBe(false);
    expect(verifyChain(leaf.der, { roots: [], at: new Date() }).ok).toBe(false);
    // Through an intermediate that is a CA by its basic constraints but may not sign certificates.
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', file('mid.key')]);
    openssl([
      'req',
      '-utf8',
      '-new',
      '-key',
      file('mid.key'),
      '-sm3',
      '-sigopt',
      'distid:1234567812345678',
      '-subj',
      '/C=CN/CN=中间',
      '-out',
      file('mid.csr'),
    ]);
    opensslIssue(ca, file('mid.csr'), file('mid.pem'), {
      extensions: 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature\n',
    });
    const mid = { key: file('mid.key'), certificate: file('mid.pem') };
    opensslIssue(mid, file('leaf.csr'), file('leaf2.pem'));
    const viaMid = verifyChain(derOfPem(file('leaf2.pem')), {
      roots: [root],
      intermediates: [derOfPem(mid.certificate)],
      at: new Date(),
    });
    expect(viaMid).toMatchObject({ ok: false, reason: 'CN=中间, C=CN is not a certificate authority' });
  });
});
