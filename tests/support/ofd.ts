// Checking a sealed OFD file with tools that know nothing of how it was made: unzip it, recompute every
// file's SM3 check value with openssl, and verify the SM2 signature in SignedValue.dat (GB/T 38540's
// SES_Signature) against the signer's certificate, and that certificate against the demo CA.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openssl, opensslSm2Verify } from './seals.ts';

/** Top-level elements of a DER SEQUENCE as openssl asn1parse lists them. */
export const topLevel = (file: string) =>
  openssl(['asn1parse', '-inform', 'der', '-in', file])
    .split('\n')
    .map((line) => /^\s*(\d+):d=1\s+hl=(\d+)\s+l=\s*(\d+)\s+\w+:\s*(.+?)\s*$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ offset: Number(m[1]), header: Number(m[2]), length: Number(m[3]), type: m[4]! }));

/** Writes the OFD into `dir/<name>.ofd`, lists its entries and unzips it into `dir/<name>`. */
export const unpackOfdFile = (ofd: Uint8Array, dir: string, name: string) => {
  const file = join(dir, `${name}.ofd`);
  writeFileSync(file, ofd);
  const listing = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n').sort();
  execFileSync('unzip', ['-q', '-o', file, '-d', join(dir, name)]);
  return { root: join(dir, name), listing };
};

/**
 * Each file the first signature references, with the check value it states and the one openssl computes
 * (both base64), and the signature's XML.
 */
export const opensslCheckValues = (root: string) => {
  const signatureXml = readFileSync(join(root, 'Doc_0/Signs/Sign_0/Signature.xml'), 'utf8');
  const references = [...signatureXml.matchAll(/FileRef="\/([^"]+)"><ofd:CheckValue>([^<]+)</g)].map(
    ([, path, stated]) => {
      const hex = openssl(['dgst', '-sm3', '-r', join(root, path ?? '')]).split(' ')[0]!;
      return { path: path ?? '', stated: stated ?? '', computed: Buffer.from(hex, 'hex').toString('base64') };
    },
  );
  return { signatureXml, references };
};

/**
 * Splits SignedValue.dat into the signed TBS_Sign, the signer's certificate and the signature, and has
 * openssl verify the SM2 signature; also whether TBS_Sign's dataHash is SM3 of Signature.xml.
 */
export const opensslSignedValue = (root: string, dir: string) => {
  const valueFile = join(root, 'Doc_0/Signs/Sign_0/SignedValue.dat');
  const value = readFileSync(valueFile);
  const [toSign, cert, algorithm, signature] = topLevel(valueFile);
  const tbs = join(dir, 'tbs.der');
  writeFileSync(tbs, value.subarray(toSign!.offset, toSign!.offset + toSign!.header + toSign!.length));
  const certDer = join(dir, 'signer.der');
  writeFileSync(
    certDer,
    value.subarray(cert!.offset + cert!.header, cert!.offset + cert!.header + cert!.length),
  );
  const sig = join(dir, 'sig.der');
  // A BIT STRING's body starts with its count of unused bits.
  writeFileSync(
    sig,
    value.subarray(
      signature!.offset + signature!.header + 1,
      signature!.offset + signature!.header + signature!.length,
    ),
  );
  const signerPem = join(dir, 'signer.pem');
  openssl(['x509', '-inform', 'der', '-in', certDer, '-out', signerPem]);
  openssl(['x509', '-in', signerPem, '-pubkey', '-noout', '-out', join(dir, 'signer-pub.pem')]);
  const sm3 = openssl(['dgst', '-sm3', '-r', join(root, 'Doc_0/Signs/Sign_0/Signature.xml')]).split(' ')[0]!;
  return {
    algorithm: algorithm!.type,
    verified: opensslSm2Verify(join(dir, 'signer-pub.pem'), tbs, sig),
    signsSignatureXml: readFileSync(tbs).toString('hex').includes(`032100${sm3}`),
    signerPem,
  };
};

/** openssl's verdict on the signer's certificate against the demo CA the gateway publishes. */
export const opensslChainToDemoCa = async (apiUrl: string, dir: string, signerPem: string) => {
  const ca = await fetch(`${apiUrl}/.well-known/tongban/demo-seal-ca.pem`);
  const caPem = join(dir, 'demo-ca.pem');
  writeFileSync(caPem, await ca.text());
  return openssl(['verify', '-vfyopt', 'distid:1234567812345678', '-CAfile', caPem, signerPem]);
};
