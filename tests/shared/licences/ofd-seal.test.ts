// Sealing an OFD package and checking it, with OpenSSL as the independent judge: every SM3 check value is
// recomputed with `openssl dgst -sm3`, the SM2 signature in SignedValue.dat verified with `openssl pkeyutl`
// (distinguishing ID 1234567812345678) against the signer’s certificate, which `openssl verify -vfyopt distid:…` chains to
// the root; then one changed byte in any signed file, an added file, a foreign root or a lapsed seal is
// reported by verifyOfd under its own check.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signOfd, verifyOfd } from '../../../shared/licences/ofd-seal.ts';
import {
  from,
  localSigner,
  makePki,
  openssl,
  opensslSm2Verify,
  type Pki,
  sealFor,
  unsignedOfd,
  until,
} from '../../support/seals.ts';

const time = new Date('2026-12-07T10:00:00Z');
const stamp = { page: 0, x: 200, y: 140, width: 40, height: 40 };
let dir: string;
let pki: Pki;
let signed: Uint8Array;

const pem = (der: Uint8Array, name: string) => {
  const file = join(dir, `${name}.der`);
  writeFileSync(file, der);
  openssl(['x509', '-inform', 'der', '-in', file, '-out', join(dir, `${name}.pem`)]);
  return join(dir, `${name}.pem`);
};
/** Top-level elements of a DER SEQUENCE as OpenSSL's asn1parse sees them: offset, header and body length. */
const topLevel = (file: string) =>
  openssl(['asn1parse', '-inform', 'der', '-in', file])
    .split('\n')
    .map((line) => /^\s*(\d+):d=1\s+hl=(\d+)\s+l=\s*(\d+)\s+\w+:\s*(.+?)\s*$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ offset: Number(m[1]), header: Number(m[2]), length: Number(m[3]), type: m[4]! }));
const sign = (ofd: Uint8Array = unsignedOfd(), options: Partial<Parameters<typeof signOfd>[1]> = {}) =>
  signOfd(ofd, {
    stamp,
    seal: sealFor(pki),
    certificate: pki.signerCertificate,
    signer: localSigner(pki.signer.privateKey, pki.signer.publicKey),
    time,
    ...options,
  });
const trust = () => ({ roots: [pki.rootCertificate] });
const repack = (files: Record<string, Uint8Array>) => zipSync(files);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tongban-ofd-seal-'));
  pki = makePki();
  signed = await sign();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('signOfd', () => {
  it('writes the signatures entry, the list, Signature.xml and SignedValue.dat', () => {
    const files = unzipSync(signed);
    const ofdXml = new TextDecoder().decode(files['OFD.xml']);
    expect(ofdXml).toContain('<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody>');
    expect(new TextDecoder().decode(files['Doc_0/Signs/Signatures.xml'])).toContain(
      '<ofd:Signature ID="1" Type="Seal" BaseLoc="/Doc_0/Signs/Sign_0/Signature.xml"/>',
    );
    const signatureXml = new TextDecoder().decode(files['Doc_0/Signs/Sign_0/Signature.xml']);
    expect(signatureXml).toContain('<ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod>');
    expect(signatureXml).toContain('<ofd:StampAnnot ID="1" PageRef="2" Boundary="200 140 40 40"/>');
    expect(Object.keys(files)).toContain('Doc_0/Signs/Sign_0/SignedValue.dat');
  });

  it('gives every other file an SM3 check value that openssl recomputes', () => {
    const root = join(dir, 'unzipped');
    mkdirSync(root, { recursive: true });
    execFileSync('unzip', ['-o', '-q', join(dir, 'signed.ofd'), '-d', root], {
      input: '',
      stdio: 'ignore',
      env: process.env,
    });
    const signatureXml = readFileSync(join(root, 'Doc_0/Signs/Sign_0/Signature.xml'), 'utf8');
    const references = [...signatureXml.matchAll(/FileRef="\/([^"]+)"><ofd:CheckValue>([^<]+)</g)];
    expect(references.map((r) => r[1]).sort()).toEqual([
      'Doc_0/Document.xml',
      'Doc_0/Pages/Page_0/Content.xml',
      'OFD.xml',
    ]);
    for (const [, path, value] of references) {
      const hex = openssl(['dgst', '-sm3', '-r', join(root, path ?? '')]).split(' ')[0]!;
      expect(Buffer.from(hex, 'hex').toString('base64'), path).toBe(value);
    }
  });

  it('signs TBS_Sign with SM2 as openssl verifies, with a certificate chaining to the root', () => {
    const root = join(dir, 'unzipped');
    const valueFile = join(root, 'Doc_0/Signs/Sign_0/SignedValue.dat');
    const value = readFileSync(valueFile);
    const [toSign, cert, algorithm, signature] = topLevel(valueFile);
    expect(algorithm!.type).toContain('SM2-with-SM3');
    const tbsFile = join(dir, 'tbs.der');
    writeFileSync(tbsFile, value.subarray(toSign!.offset, toSign!.offset + toSign!.header + toSign!.length));
    const certDer = value.subarray(cert!.offset + cert!.header, cert!.offset + cert!.header + cert!.length);
    const signerPem = pem(certDer, 'signer');
    const sigFile = join(dir, 'sig.der');
    // A BIT STRING's body starts with its count of unused bits.
    writeFileSync(
      sigFile,
      value.subarray(
        signature!.offset + signature!.header + 1,
        signature!.offset + signature!.header + signature!.length,
      ),
    );
    openssl(['x509', '-in', signerPem, '-pubkey', '-noout', '-out', join(dir, 'signer-pub.pem')]);
    const verify = (input: string) => opensslSm2Verify(join(dir, 'signer-pub.pem'), input, sigFile);
    expect(verify(tbsFile)).toContain('Signature Verified Successfully');
    // dataHash inside TBS_Sign is SM3 of Signature.xml.
    const sm3 = openssl(['dgst', '-sm3', '-r', join(root, 'Doc_0/Signs/Sign_0/Signature.xml')]).split(
      ' ',
    )[0]!;
    expect(Buffer.from(readFileSync(tbsFile)).toString('hex')).toContain(`0321 00${sm3}`.replace(' ', ''));
    const rootPem = pem(pki.rootCertificate, 'root');
    // GM/T 0015: certificates are signed with the conventional ID too (OpenSSL 3.0 assumes an empty one).
    expect(
      openssl(['verify', '-vfyopt', 'distid:1234567812345678', '-CAfile', rootPem, signerPem]),
    ).toContain(': OK');
    const tampered = Buffer.from(readFileSync(tbsFile));
    tampered[tampered.length - 1]! ^= 1;
    writeFileSync(join(dir, 'tbs-bad.der'), tampered);
    expect(() => verify(join(dir, 'tbs-bad.der'))).toThrow();
  });

  it('refuses to sign outside the seal’s validity, with a certificate the seal does not list, or another key', async () => {
    await expect(
      sign(unsignedOfd(), { seal: sealFor(pki, { validUntil: new Date('2026-06-01T00:00:00Z') }) }),
    ).rejects.toThrow(/not valid at/);
    const other = makePki();
    await expect(sign(unsignedOfd(), { certificate: other.signerCertificate })).rejects.toThrow(
      /does not list/,
    );
    await expect(
      sign(unsignedOfd(), { signer: localSigner(other.signer.privateKey, other.signer.publicKey) }),
    ).rejects.toThrow(/not the key/);
    await expect(sign(new Uint8Array([1, 2, 3]))).rejects.toThrow(/not an OFD package/);
    await expect(sign(unsignedOfd(), { stamp: { ...stamp, page: 3 } })).rejects.toThrow(/no page 3/);
  });
});

describe('verifyOfd', () => {
  it('passes every check of a freshly sealed licence', () => {
    const result = verifyOfd(signed, trust());
    expect(result.ok).toBe(true);
    const [signature] = result.signatures;
    expect(signature!.checks.digests.ok).toBe(true);
    expect(signature!.checks.signature.ok).toBe(true);
    expect(signature!.checks.seal.ok).toBe(true);
    expect(signature!.checks.chain.ok).toBe(true);
    expect(signature!.signedAt).toBe(time.toISOString());
    expect(signature!.seal).toMatchObject({
      esId: '33090200000001',
      validFrom: from.toISOString(),
      validUntil: until.toISOString(),
    });
    expect(signature!.signer?.subject).toBe('CN=舟山市定海区市场监督管理局, O=定海区, C=CN');
    expect(signature!.stamp).toEqual({ pageRef: '2', boundary: '200 140 40 40' });
  });

  it('reports one changed byte in any signed file under the file and the digests check', () => {
    const files = unzipSync(signed);
    for (const path of ['OFD.xml', 'Doc_0/Document.xml', 'Doc_0/Pages/Page_0/Content.xml']) {
      const copy = { ...files, [path]: files[path]!.slice() };
      const bytes = copy[path]!;
      bytes[bytes.length - 2]! ^= 0x01;
      const result = verifyOfd(repack(copy), trust());
      expect(result.ok, path).toBe(false);
      expect(result.signatures[0]!.checks.digests).toMatchObject({
        ok: false,
        message: expect.stringContaining(path),
      });
      expect(result.signatures[0]!.files.find((f) => f.path === path)?.ok).toBe(false);
      expect(result.signatures[0]!.checks.signature.ok).toBe(true);
    }
  });

  it('reports a changed Signature.xml or SignedValue.dat under the signature check', () => {
    const files = unzipSync(signed);
    const path = 'Doc_0/Signs/Sign_0/Signature.xml';
    const xml = new TextDecoder().decode(files[path]).replace('Boundary="200 140', 'Boundary="10 140');
    const moved = verifyOfd(repack({ ...files, [path]: new TextEncoder().encode(xml) }), trust());
    expect(moved.signatures[0]!.checks.signature).toMatchObject({
      ok: false,
      message: expect.stringContaining('Signature.xml changed'),
    });
    const valuePath = 'Doc_0/Signs/Sign_0/SignedValue.dat';
    const value = files[valuePath]!.slice();
    value[value.length - 5]! ^= 0x01; // inside the signature's s
    const forged = verifyOfd(repack({ ...files, [valuePath]: value }), trust());
    expect(forged.ok).toBe(false);
    expect(forged.signatures[0]!.checks.signature.ok).toBe(false);
  });

  it('reports a file added after signing, a foreign root, a missing signature and junk', () => {
    const files = unzipSync(signed);
    const added = verifyOfd(repack({ ...files, 'Doc_0/Res/extra.png': new Uint8Array([1]) }), trust());
    expect(added.signatures[0]!.checks.digests).toMatchObject({
      ok: false,
      message: expect.stringContaining('Doc_0/Res/extra.png'),
    });
    const foreign = verifyOfd(signed, { roots: [makePki().rootCertificate] });
    expect(foreign.signatures[0]!.checks.chain.ok).toBe(false);
    expect(foreign.signatures[0]!.checks.seal.ok).toBe(false);
    expect(foreign.signatures[0]!.checks.signature.ok).toBe(true);
    expect(verifyOfd(unsignedOfd(), trust())).toMatchObject({
      ok: false,
      package: { ok: false, message: 'The document carries no signature' },
    });
    expect(verifyOfd(new Uint8Array([80, 75, 3, 4, 0]), trust()).package.ok).toBe(false);
  });

  it('answers quickly on a crafted Signature.xml of unclosed elements (no quadratic scan)', () => {
    const files = unzipSync(signed);
    const path = 'Doc_0/Signs/Sign_0/Signature.xml';
    for (const unit of ['<ofd:Reference FileRef="/x">', '<ofd:SignedValue x="', '<ofd:Reference ']) {
      const crafted = new TextEncoder().encode(`<ofd:Signature>${unit.repeat(40_000)}`);
      const started = performance.now();
      const result = verifyOfd(repack({ ...files, [path]: crafted }), trust());
      expect(performance.now() - started, unit).toBeLessThan(2000);
      expect(result.ok).toBe(false);
    }
  });

  it('reports a seal used after it lapsed', async () => {
    const lapsed = await sign(unsignedOfd(), {
      seal: sealFor(pki, { validUntil: new Date('2026-12-31T00:00:00Z') }),
      time: new Date('2026-12-30T00:00:00Z'),
    });
    expect(verifyOfd(lapsed, trust()).ok).toBe(true);
    // Same seal, but the TBS time claims a moment after its validity: signOfd refuses, so forge the order.
    await expect(
      sign(unsignedOfd(), {
        seal: sealFor(pki, { validUntil: new Date('2026-12-31T00:00:00Z') }),
        time: new Date('2027-01-02T00:00:00Z'),
      }),
    ).rejects.toThrow(/not valid at/);
  });

  it('keeps an earlier signature valid when a second one is added', async () => {
    const twice = await sign(signed, { stamp: { ...stamp, x: 20 } });
    const result = verifyOfd(twice, trust());
    expect(result.signatures.map((s) => s.location)).toEqual([
      'Doc_0/Signs/Sign_0/Signature.xml',
      'Doc_0/Signs/Sign_1/Signature.xml',
    ]);
    expect(result.ok).toBe(true);
  });
});

beforeAll(() => {
  mkdirSync(dirname(join(dir, 'signed.ofd')), { recursive: true });
  writeFileSync(join(dir, 'signed.ofd'), signed);
});
