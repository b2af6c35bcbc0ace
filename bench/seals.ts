// 电子印章: SM2 verification through shared/licences/sm2.ts (ZA, SM3, range checks, DER) beside a bare
// sm-crypto-v2 verify of the same signatures in the same run; and, for a sealed one-page OFD with a demo
// seal (its picture as the local cloud draws it), sealing with a local key and checking with verifyOfd.
import { zipSync } from 'fflate';
import { sm2 as sm2Lib } from 'sm-crypto-v2';
import { sealPicture } from '../infra/local/seal-picture.ts';
import { signOfd, verifyOfd } from '../shared/licences/ofd-seal.ts';
import { makeSeal } from '../shared/licences/ses.ts';
import { sm2KeyPair, sm2Sign, sm2Verify } from '../shared/licences/sm2.ts';
import { issueSm2Certificate } from '../shared/licences/sm2-certificates.ts';
import { issueSm2Crl } from '../shared/licences/sm2-crl.ts';
import { scaled } from './scale.ts';
import { summary } from './stats.ts';

const opsPerSecond = (runs: number, fn: (i: number) => boolean) => {
  const start = performance.now();
  for (let i = 0; i < runs; i++) if (!fn(i)) throw new Error('A signature that should verify did not');
  return Math.round(runs / ((performance.now() - start) / 1000));
};

export const benchSeals = async () => {
  const key = sm2KeyPair();
  const publicHex = Buffer.from(key.publicKey).toString('hex');
  // A TBS_Sign with a seal picture is ~10–20 kB: messages of that size.
  const messages = Array.from({ length: 16 }, (_, i) =>
    new Uint8Array(12_000).map((_, j) => (i * 7 + j) % 256),
  );
  const signatures = messages.map((m) => sm2Sign(key.privateKey, m));
  const signatureHex = signatures.map((s) => Buffer.from(s).toString('hex'));
  const runs = scaled(400, 40);
  // Warm both paths first.
  opsPerSecond(10, (i) => sm2Verify(key.publicKey, messages[i % 16]!, signatures[i % 16]!));
  const bare = opsPerSecond(runs, (i) =>
    sm2Lib.doVerifySignature(messages[i % 16]!, signatureHex[i % 16]!, publicHex, { hash: true, der: true }),
  );
  const ours = opsPerSecond(runs, (i) => sm2Verify(key.publicKey, messages[i % 16]!, signatures[i % 16]!));

  // A demo PKI and seal, and a one-page OFD to seal.
  const root = sm2KeyPair();
  const now = new Date();
  const later = new Date(now.getTime() + 365 * 24 * 3600 * 1000);
  const issue = (commonName: string, publicKey: Uint8Array, issuer?: Uint8Array) =>
    issueSm2Certificate(
      {
        subject: { commonName, country: 'CN' },
        publicKey,
        serialNumber: Uint8Array.of(1),
        notBefore: now,
        notAfter: later,
        ca: !issuer,
      },
      { privateKey: root.privateKey, ...(issuer ? { issuer } : {}) },
    );
  const rootCertificate = issue('演示根CA', root.publicKey);
  const certificate = issue('舟山市定海区市场监督管理局', key.publicKey, rootCertificate);
  const seal = makeSeal(
    {
      esId: '33090290000001',
      vendorId: 'bench',
      type: 1,
      name: '舟山市定海区市场监督管理局电子证照专用章',
      signerCertificates: [certificate],
      createdAt: now,
      validFrom: now,
      validUntil: later,
      picture: { type: 'png', data: sealPicture('舟山市定海区市场监督管理局'), widthMm: 40, heightMm: 40 },
    },
    { certificate: rootCertificate, sign: (m) => sm2Sign(root.privateKey, m) },
  );
  const text = (s: string) => new TextEncoder().encode(s);
  const ofd = zipSync({
    'OFD.xml': text(
      '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.2" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
    ),
    'Doc_0/Document.xml': text(
      '<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages><ofd:Page ID="2" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
    ),
    'Doc_0/Pages/Page_0/Content.xml': text(
      `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016">${'<ofd:TextObject/>'.repeat(200)}</ofd:Page>`,
    ),
    'Doc_0/Res/font.ttf': new Uint8Array(60_000).map((_, i) => (i * 13) % 256),
  });
  const signer = {
    publicKey: async () => key.publicKey,
    sign: async (m: Uint8Array) => sm2Sign(key.privateKey, m),
  };
  const sealRuns = scaled(60, 8);
  const sealMs: number[] = [];
  let signed: Uint8Array = ofd;
  for (let i = 0; i < sealRuns; i++) {
    const start = performance.now();
    signed = await signOfd(ofd, {
      stamp: { page: 0, x: 150, y: 100, width: 40, height: 40 },
      seal,
      certificate,
      signer,
      time: now,
    });
    sealMs.push(performance.now() - start);
  }
  // The root's CRL is held, as a jurisdiction holds its roots' CRLs: the revocation check reads and verifies it.
  const crl = issueSm2Crl(
    {
      thisUpdate: now,
      nextUpdate: later,
      crlNumber: 1,
      revoked: [{ serialNumber: 'abcdef01', revokedAt: now, reason: 'superseded' }],
    },
    { privateKey: root.privateKey, issuer: rootCertificate },
  );
  const verifyMs: number[] = [];
  for (let i = 0; i < sealRuns; i++) {
    const start = performance.now();
    if (!verifyOfd(signed, { roots: [rootCertificate], crls: [crl] }).ok)
      throw new Error('The sealed OFD did not verify');
    verifyMs.push(performance.now() - start);
  }
  return [
    {
      figure: 'SM2 verify of a 12 kB message, TBS_Sign-sized (ops/s)',
      tongban: ours,
      baseline: bare,
      baselineIs: 'bare sm-crypto-v2 doVerifySignature',
    },
    { figure: 'seal an OFD: signOfd with a local key (ms)', ...summary(sealMs) },
    { figure: 'check a sealed OFD: verifyOfd, 5 checks, the root’s CRL held (ms)', ...summary(verifyMs) },
    {
      figure: 'bytes: the SESeal with its picture; the OFD before and after sealing',
      seal: seal.length,
      ofdBefore: ofd.length,
      ofdAfter: signed.length,
    },
  ];
};
