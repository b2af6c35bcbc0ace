// Revocation lists of the seal PKI: a CRL the platform issues reads in openssl and its SM2 signature verifies
// there; a CRL openssl's CA makes reads here and verifies against its root; and the revocation check of a
// signature's chain at its signing time — revoked before it fails, after it stands unless the key was
// compromised, and an issuer without a CRL is said to be unchecked.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { issueSm2Certificate, parseSm2Certificate, pem } from '../../../shared/licences/sm2-certificates.ts';
import { checkRevocation, crlSignedBy, issueSm2Crl, parseSm2Crl } from '../../../shared/licences/sm2-crl.ts';
import { makePki, openssl, opensslCrl, opensslSm2Verify, sm2PrivateKeyPem } from '../../support/seals.ts';

const dir = mkdtempSync(join(tmpdir(), 'tongban-crl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pki = makePki();
const root = parseSm2Certificate(pki.rootCertificate);
const signer = parseSm2Certificate(pki.signerCertificate);
const signedAt = new Date('2026-06-01T08:00:00Z');
const hour = 3600 * 1000;

const crlOf = (revoked: Parameters<typeof issueSm2Crl>[0]['revoked'], crlNumber = 1) =>
  issueSm2Crl(
    {
      thisUpdate: new Date('2026-06-02T00:00:00Z'),
      nextUpdate: new Date('2026-06-09T00:00:00Z'),
      crlNumber,
      revoked,
    },
    { privateKey: pki.root.privateKey, issuer: pki.rootCertificate },
  );

describe('CRLs', () => {
  it('issues a CRL openssl reads, whose SM2 signature openssl verifies', () => {
    const der = crlOf(
      [{ serialNumber: signer.serialNumber, revokedAt: signedAt, reason: 'keyCompromise' }],
      7,
    );
    writeFileSync(join(dir, 'ours.der'), der);
    const text = openssl(['crl', '-inform', 'der', '-in', join(dir, 'ours.der'), '-noout', '-text']);
    expect(text).toContain('Signature Algorithm: SM2-with-SM3');
    expect(text).toMatch(/Serial Number: 0?3\b/);
    expect(text).toContain('Key Compromise');
    expect(text).toMatch(/X509v3 CRL Number:\s*\n\s*7/);
    const parsed = parseSm2Crl(der);
    writeFileSync(join(dir, 'tbs.der'), parsed.tbs);
    writeFileSync(join(dir, 'sig.der'), parsed.signature);
    writeFileSync(join(dir, 'root.pem'), pem('CERTIFICATE', pki.rootCertificate));
    openssl(['x509', '-in', join(dir, 'root.pem'), '-pubkey', '-noout', '-out', join(dir, 'root-pub.pem')]);
    expect(opensslSm2Verify(join(dir, 'root-pub.pem'), join(dir, 'tbs.der'), join(dir, 'sig.der'))).toContain(
      'Signature Verified Successfully',
    );
    expect(parsed).toMatchObject({
      issuer: root.subject,
      crlNumber: 7,
      revoked: [{ serialNumber: signer.serialNumber, revokedAt: signedAt, reason: 'keyCompromise' }],
    });
  });

  it('reads a CRL openssl’s CA made, signed by the root; another key’s signature does not pass', () => {
    writeFileSync(join(dir, 'root.key'), sm2PrivateKeyPem(pki.root.privateKey, pki.root.publicKey));
    const path = opensslCrl(
      { key: join(dir, 'root.key'), certificate: join(dir, 'root.pem') },
      dir,
      'openssl',
      [{ serialNumber: signer.serialNumber, revokedAt: signedAt, reason: 'superseded' }],
    );
    const crl = parseSm2Crl(new Uint8Array(readFileSync(path)));
    expect(crl.issuer).toBe(root.subject);
    expect(crl.revoked).toEqual([
      { serialNumber: signer.serialNumber, revokedAt: signedAt, reason: 'superseded' },
    ]);
    expect(crlSignedBy(crl, root.publicKey)).toBe(true);
    expect(crlSignedBy(crl, pki.maker.publicKey)).toBe(false);
    expect(() => parseSm2Crl(pki.rootCertificate)).toThrow(/not DER X.509/);
  });

  it('fails a signature made after its certificate was revoked, and keeps one made before', () => {
    const chain = [signer, root];
    const before = crlOf([
      { serialNumber: signer.serialNumber, revokedAt: new Date(signedAt.getTime() - hour) },
    ]);
    expect(checkRevocation(chain, [before], signedAt)).toEqual({
      ok: false,
      message: expect.stringContaining('before the signing time'),
    });
    const after = crlOf([
      {
        serialNumber: signer.serialNumber,
        revokedAt: new Date(signedAt.getTime() + hour),
        reason: 'superseded',
      },
    ]);
    expect(checkRevocation(chain, [after], signedAt)).toEqual({
      ok: true,
      message: expect.stringContaining('after the signing time: the signature stands'),
    });
    // A compromised key: the signing time is the signer's own word, so a later revocation fails it too.
    const compromised = crlOf([
      {
        serialNumber: signer.serialNumber,
        revokedAt: new Date(signedAt.getTime() + hour),
        reason: 'keyCompromise',
      },
    ]);
    expect(checkRevocation(chain, [compromised], signedAt).ok).toBe(false);
    // Another certificate revoked: this one passes.
    const other = crlOf([{ serialNumber: 'abcdef', revokedAt: new Date(signedAt.getTime() - hour) }]);
    expect(checkRevocation(chain, [other], signedAt)).toEqual({
      ok: true,
      message: `Not revoked at signing: ${signer.subject}`,
    });
  });

  it('ignores a CRL its issuer did not sign, and says when no CRL of the issuer is held', () => {
    const chain = [signer, root];
    const stranger = makePki();
    const forged = issueSm2Crl(
      {
        thisUpdate: signedAt,
        nextUpdate: new Date(signedAt.getTime() + 24 * hour),
        crlNumber: 1,
        revoked: [{ serialNumber: signer.serialNumber, revokedAt: new Date(signedAt.getTime() - hour) }],
      },
      // Same issuer name, another key.
      {
        privateKey: stranger.root.privateKey,
        issuer: issueSm2Certificate(
          {
            subject: { commonName: '测试根CA', organization: 'tongban', country: 'CN' },
            publicKey: stranger.root.publicKey,
            serialNumber: Uint8Array.of(9),
            notBefore: signedAt,
            notAfter: new Date(signedAt.getTime() + 24 * hour),
            ca: true,
          },
          { privateKey: stranger.root.privateKey },
        ),
      },
    );
    expect(checkRevocation(chain, [forged], signedAt)).toEqual({
      ok: true,
      message: expect.stringContaining('No CRL of the issuer held, not checked'),
    });
    expect(checkRevocation(chain, [], signedAt).message).toContain('not checked');
  });
});
