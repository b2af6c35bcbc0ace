// A demo PKI for seal tests: a root CA, a seal maker and a signer certificate (SM2, SM2-with-SM3), a v4
// seal listing the signer, and a minimal unsigned OFD package to sign.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { makeSeal } from '../../shared/licences/ses.ts';
import { type Sm2PublicKey, sm2KeyPair, sm2Sign } from '../../shared/licences/sm2.ts';
import { issueSm2Certificate } from '../../shared/licences/sm2-certificates.ts';

export const from = new Date('2026-01-01T00:00:00Z');
export const until = new Date('2031-01-01T00:00:00Z');

export const makePki = (options: { signerKey?: Sm2PublicKey } = {}) => {
  const root = sm2KeyPair();
  const maker = sm2KeyPair();
  const signer = sm2KeyPair();
  const issue = (commonName: string, publicKey: Sm2PublicKey, serial: number, issuer?: Uint8Array) =>
    issueSm2Certificate(
      {
        subject: { commonName, organization: serial === 3 ? '定海区' : 'tongban', country: 'CN' },
        publicKey,
        serialNumber: Uint8Array.of(serial),
        notBefore: from,
        notAfter: until,
        ca: issuer === undefined,
      },
      { privateKey: root.privateKey, ...(issuer ? { issuer } : {}) },
    );
  const rootCertificate = issue('测试根CA', root.publicKey, 1);
  const makerCertificate = issue('测试制章系统', maker.publicKey, 2, rootCertificate);
  const signerCertificate = issue(
    '舟山市定海区市场监督管理局',
    options.signerKey ?? signer.publicKey,
    3,
    rootCertificate,
  );
  return { root, maker, signer, rootCertificate, makerCertificate, signerCertificate };
};

export type Pki = ReturnType<typeof makePki>;

/** A tiny PNG (1×1, red) as a seal picture. */
export const picture = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
    'base64',
  ),
);

export const sealFor = (
  pki: Pki,
  overrides: { validFrom?: Date; validUntil?: Date; signers?: Uint8Array[] } = {},
) =>
  makeSeal(
    {
      esId: '33090200000001',
      vendorId: 'TB',
      type: 1,
      name: '舟山市定海区市场监督管理局行政审批专用章',
      signerCertificates: overrides.signers ?? [pki.signerCertificate],
      createdAt: from,
      validFrom: overrides.validFrom ?? from,
      validUntil: overrides.validUntil ?? until,
      picture: { type: 'png', data: picture, widthMm: 40, heightMm: 40 },
    },
    { certificate: pki.makerCertificate, sign: (message) => sm2Sign(pki.maker.privateKey, message) },
  );

const encode = (text: string) => new TextEncoder().encode(text);

/** An unsigned OFD package of one page, as a writer would hand it over. */
export const unsignedOfd = () =>
  zipSync({
    'OFD.xml': encode(
      '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.2" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>a1b2</ofd:DocID><ofd:Title>营业执照</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
    ),
    'Doc_0/Document.xml': encode(
      '<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:MaxUnitID>10</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 297 210</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="2" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
    ),
    'Doc_0/Pages/Page_0/Content.xml': encode(
      '<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="3"/></ofd:Content></ofd:Page>',
    ),
  });

/** A signer over a private key held in the test, as the KMS adapter is over a key in KMS. */
export const localSigner = (privateKey: Uint8Array, publicKey: Sm2PublicKey) => ({
  publicKey: async () => publicKey,
  sign: async (message: Uint8Array) => sm2Sign(privateKey, message),
});

export const openssl = (args: string[]) =>
  execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** OpenSSL's word on an SM2 signature (DER file) of a message file; `id` '' leaves OpenSSL's default (empty). */
export const opensslSm2Verify = (
  publicKeyPem: string,
  message: string,
  signature: string,
  id = '1234567812345678',
) =>
  openssl([
    'pkeyutl',
    '-verify',
    '-pubin',
    '-inkey',
    publicKeyPem,
    '-rawin',
    '-digest',
    'sm3',
    ...(id ? ['-pkeyopt', `distid:${id}`] : []),
    '-in',
    message,
    '-sigfile',
    signature,
  ]);

const distid = 'distid:1234567812345678';

/** A root CA made by OpenSSL (SM2 key, self-signed SM2-with-SM3 with the conventional ID): key and PEM paths. */
export const opensslSm2Ca = (dir: string, subject: string) => {
  const key = join(dir, 'openssl-ca.key');
  const certificate = join(dir, 'openssl-ca.pem');
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', key]);
  openssl([
    'req',
    '-utf8',
    '-x509',
    '-new',
    '-key',
    key,
    '-sm3',
    '-sigopt',
    distid,
    '-subj',
    subject,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-days',
    '3650',
    '-out',
    certificate,
  ]);
  return { key, certificate };
};

/** OpenSSL's CA issuing a certificate (PEM at `out`) from a certificate request, with extra X.509v3 lines. */
export const opensslIssue = (
  ca: { key: string; certificate: string },
  request: string,
  out: string,
  options: { days?: number; extensions?: string } = {},
) => {
  const extensions = options.extensions ? [`${out}.ext`] : [];
  if (options.extensions) writeFileSync(`${out}.ext`, options.extensions);
  return openssl([
    'x509',
    '-req',
    '-in',
    request,
    '-CA',
    ca.certificate,
    '-CAkey',
    ca.key,
    '-sm3',
    '-sigopt',
    distid,
    '-vfyopt',
    distid,
    '-days',
    String(options.days ?? 365),
    ...(extensions.length ? ['-extfile', extensions[0]!] : []),
    '-out',
    out,
  ]);
};

/** An SM2 private key (with its public key) as the PEM openssl takes (SEC1, curve SM2). */
export const sm2PrivateKeyPem = (privateKey: Uint8Array, publicKey: Sm2PublicKey) =>
  `-----BEGIN EC PRIVATE KEY-----\n${Buffer.concat([
    Buffer.from('30770201010420', 'hex'),
    Buffer.from(privateKey),
    Buffer.from('a00a06082a811ccf5501822da144034200', 'hex'),
    Buffer.from(publicKey),
  ])
    .toString('base64')
    .replace(/.{1,64}/g, '$&\n')}-----END EC PRIVATE KEY-----\n`;

/** YYMMDDHHMMSSZ, as openssl's CA database writes dates. */
const caDate = (date: Date) => `${date.toISOString().replace(/[-:T]/g, '').slice(2, 14)}Z`;

/**
 * A CRL made by OpenSSL's CA (`openssl ca -gencrl`, SM2-with-SM3 with the conventional ID) listing `revoked`,
 * DER at the returned path. Each call is a CRL of its own, numbered `number`, dated now.
 */
export const opensslCrl = (
  ca: { key: string; certificate: string },
  dir: string,
  name: string,
  revoked: ReadonlyArray<{ serialNumber: string; revokedAt: Date; reason?: string }>,
  number = 1,
) => {
  const base = join(dir, name);
  writeFileSync(
    `${base}.index`,
    revoked
      .map(
        (r) =>
          `R\t${caDate(new Date(Date.now() + 365 * 24 * 3600 * 1000))}\t${caDate(r.revokedAt)}${r.reason ? `,${r.reason}` : ''}\t${r.serialNumber.toUpperCase()}\tunknown\t/CN=revoked\n`,
      )
      .join(''),
  );
  writeFileSync(`${base}.number`, `${number.toString(16).padStart(2, '0')}\n`);
  writeFileSync(
    `${base}.cnf`,
    `[ca]\ndefault_ca = crl\n[crl]\ndatabase = ${base}.index\ncrlnumber = ${base}.number\ndefault_md = sm3\ndefault_crl_days = 7\n`,
  );
  openssl([
    'ca',
    '-gencrl',
    '-config',
    `${base}.cnf`,
    '-keyfile',
    ca.key,
    '-cert',
    ca.certificate,
    '-sigopt',
    distid,
    '-out',
    `${base}.pem`,
  ]);
  openssl(['crl', '-in', `${base}.pem`, '-outform', 'der', '-out', `${base}.der`]);
  return `${base}.der`;
};
