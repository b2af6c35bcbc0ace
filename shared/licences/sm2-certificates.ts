// X.509 certificates for SM2 keys, signed SM2-with-SM3 (GM/T 0015): reading the ones a province's CA issues
// to a seal's signer, checking a chain to the roots a jurisdiction trusts, making them — which only the
// local cloud's demo CA and the tests do — and the PKCS #10 request (RFC 2986) a province's CA issues one
// from. DER through @peculiar/asn1-x509; signatures through ./sm2.ts.
import { AsnConvert, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  Attribute,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
} from '@peculiar/asn1-x509';
import {
  ecPublicKeyOid,
  type Sm2PublicKey,
  sm2CurveOid,
  sm2PublicKeyOf,
  sm2Sign,
  sm2Verify,
  sm2WithSm3Oid,
} from './sm2.ts';

export const bytes = (buffer: ArrayBuffer | ArrayBufferView): Uint8Array =>
  buffer instanceof ArrayBuffer
    ? new Uint8Array(buffer)
    : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
const equalBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** DER of an OBJECT IDENTIFIER (X.690 §8.19). */
const oidDer = (oid: string): Uint8Array => {
  const parts = oid.split('.').map(Number);
  const [first = 0, second = 0, ...rest] = parts;
  const body: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const chunk = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128))
      chunk.unshift((value & 0x7f) | 0x80);
    body.push(...chunk);
  }
  return new Uint8Array([0x06, body.length, ...body]);
};

/** SubjectPublicKeyInfo DER of an SM2 public key (id-ecPublicKey on the SM2 curve), as KMS's GetPublicKey. */
export const sm2Spki = (publicKey: Sm2PublicKey): Uint8Array =>
  bytes(
    AsnConvert.serialize(
      new SubjectPublicKeyInfo({
        algorithm: new AlgorithmIdentifier({
          algorithm: ecPublicKeyOid,
          parameters: oidDer(sm2CurveOid).buffer as ArrayBuffer,
        }),
        subjectPublicKey: publicKey.slice().buffer as ArrayBuffer,
      }),
    ),
  );

/** The SM2 public key of a SubjectPublicKeyInfo; throws when it is not one on the SM2 curve. */
export const sm2PublicKeyFromSpki = (spki: Uint8Array | SubjectPublicKeyInfo): Sm2PublicKey => {
  const info = spki instanceof SubjectPublicKeyInfo ? spki : AsnConvert.parse(spki, SubjectPublicKeyInfo);
  const parameters = info.algorithm.parameters ? bytes(info.algorithm.parameters) : undefined;
  if (
    info.algorithm.algorithm !== ecPublicKeyOid ||
    !parameters ||
    !equalBytes(parameters, oidDer(sm2CurveOid))
  )
    throw new Error('The key is not an SM2 public key (id-ecPublicKey on curve 1.2.156.10197.1.301)');
  const key = bytes(info.subjectPublicKey);
  if (key.length !== 65 || key[0] !== 4) throw new Error('The SM2 public key is not an uncompressed point');
  return key.slice();
};

/** A distinguished name as it is shown (`CN=…, OU=…, O=…, C=CN`), most specific first. */
export interface NameParts {
  commonName: string;
  organizationalUnit?: string;
  organization?: string;
  country?: string;
}
const nameOids = { C: '2.5.4.6', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3' } as const;
const labels = new Map<string, string>(Object.entries(nameOids).map(([label, oid]) => [oid, label]));

export const toName = (parts: NameParts) => {
  const rdn = (oid: string, value: string, printable = false) =>
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({
        type: oid,
        value: new AttributeValue(printable ? { printableString: value } : { utf8String: value }),
      }),
    ]);
  return new Name([
    ...(parts.country ? [rdn(nameOids.C, parts.country, true)] : []),
    ...(parts.organization ? [rdn(nameOids.O, parts.organization)] : []),
    ...(parts.organizationalUnit ? [rdn(nameOids.OU, parts.organizationalUnit)] : []),
    rdn(nameOids.CN, parts.commonName),
  ]);
};
export const nameText = (name: Name) =>
  [...name]
    .reverse()
    .flatMap((rdn) =>
      [...rdn].map(
        (attribute) => `${labels.get(attribute.type) ?? attribute.type}=${attribute.value.toString()}`,
      ),
    )
    .join(', ');

export interface ParsedCertificate {
  der: Uint8Array;
  subject: string;
  issuer: string;
  /** Hex, lower case. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  publicKey: Sm2PublicKey;
  isCa: boolean;
  /** Key usage bits as named in X.509, or undefined when the extension is absent. */
  keyUsage?: string[];
  tbs: Uint8Array;
  signatureAlgorithm: string;
  signature: Uint8Array;
}

/** Reads an SM2 certificate; throws with a reason when `der` is not one. */
export const parseSm2Certificate = (der: Uint8Array): ParsedCertificate => {
  let certificate: Certificate;
  try {
    certificate = AsnConvert.parse(der, Certificate);
  } catch (cause) {
    throw new Error('The certificate is not DER X.509', { cause });
  }
  const tbs = certificate.tbsCertificate;
  if (!certificate.tbsCertificateRaw) throw new Error('The certificate has no to-be-signed part');
  const extension = (oid: string) => tbs.extensions?.find((e) => e.extnID === oid);
  const basic = extension(id_ce_basicConstraints);
  const usage = extension(id_ce_keyUsage);
  return {
    der: der.slice(),
    subject: nameText(tbs.subject),
    issuer: nameText(tbs.issuer),
    serialNumber: Buffer.from(tbs.serialNumber)
      .toString('hex')
      .replace(/^(00)+(?=.)/, ''),
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    publicKey: sm2PublicKeyFromSpki(tbs.subjectPublicKeyInfo),
    isCa: basic ? AsnConvert.parse(basic.extnValue, BasicConstraints).cA : false,
    ...(usage ? { keyUsage: AsnConvert.parse(usage.extnValue, KeyUsage).toJSON() } : {}),
    tbs: bytes(certificate.tbsCertificateRaw),
    signatureAlgorithm: certificate.signatureAlgorithm.algorithm,
    signature: bytes(certificate.signatureValue),
  };
};

/** Whether `certificate` was signed SM2-with-SM3 by `issuerKey` (ZA with the conventional ID). */
export const certificateSignedBy = (certificate: ParsedCertificate, issuerKey: Sm2PublicKey) =>
  certificate.signatureAlgorithm === sm2WithSm3Oid &&
  sm2Verify(issuerKey, certificate.tbs, certificate.signature);

export interface ChainResult {
  ok: boolean;
  /** The chain from the certificate up to the trusted root, by subject. */
  path: string[];
  /** The same chain, parsed, when it reached a trusted root. */
  certificates?: ParsedCertificate[];
  reason?: string;
}

/**
 * Checks that `leaf` chains to one of `roots` through `intermediates`, every certificate valid at `at`, each
 * signed by the next, every issuer a CA. Roots are trusted as given (their self-signature is checked too).
 */
export const verifyChain = (
  leaf: Uint8Array,
  trust: { roots: readonly Uint8Array[]; intermediates?: readonly Uint8Array[]; at: Date },
): ChainResult => {
  const parse = (der: Uint8Array) => {
    try {
      return parseSm2Certificate(der);
    } catch {
      return undefined;
    }
  };
  const roots = trust.roots.map(parse).filter((c) => c !== undefined);
  const pool = [...roots, ...(trust.intermediates ?? []).map(parse).filter((c) => c !== undefined)];
  let current: ParsedCertificate | undefined = parse(leaf);
  if (!current) return { ok: false, path: [], reason: 'The certificate is not an SM2 X.509 certificate' };
  const path: string[] = [];
  const certificates: ParsedCertificate[] = [];
  for (let depth = 0; depth < 8; depth++) {
    path.push(current.subject);
    certificates.push(current);
    if (trust.at < current.notBefore || trust.at > current.notAfter)
      return { ok: false, path, reason: `${current.subject} is not valid at ${trust.at.toISOString()}` };
    const self: ParsedCertificate = current;
    if (roots.some((root) => equalBytes(root.der, self.der))) {
      return certificateSignedBy(self, self.publicKey)
        ? { ok: true, path, certificates }
        : { ok: false, path, reason: `The trusted root ${self.subject} is not self-signed with SM2` };
    }
    const issuer: ParsedCertificate | undefined = pool.find(
      (candidate) => candidate.subject === self.issuer && certificateSignedBy(self, candidate.publicKey),
    );
    if (!issuer)
      return { ok: false, path, reason: `No trusted issuer signed ${self.subject} (issuer ${self.issuer})` };
    if (!issuer.isCa || (issuer.keyUsage && !issuer.keyUsage.includes('keyCertSign')))
      return { ok: false, path, reason: `${issuer.subject} is not a certificate authority` };
    current = issuer;
  }
  return { ok: false, path, reason: 'The chain is too long' };
};

export interface CertificateRequest {
  subject: NameParts;
  publicKey: Sm2PublicKey;
  /** Positive, at most 20 bytes (RFC 5280 §4.1.2.2). */
  serialNumber: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** A CA certificate (keyCertSign) or a signer's (digitalSignature, nonRepudiation). */
  ca: boolean;
}

/** Issues an X.509 v3 certificate signed by `issuer`; omit `issuer` for a self-signed root. */
export const issueSm2Certificate = (
  request: CertificateRequest,
  signer: { privateKey: Uint8Array; issuer?: Uint8Array },
): Uint8Array => {
  const issuerName = signer.issuer
    ? AsnConvert.parse(signer.issuer, Certificate).tbsCertificate.subject
    : toName(request.subject);
  const usage = new KeyUsage(
    request.ca
      ? KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign
      : KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation,
  );
  const serial =
    request.serialNumber[0]! & 0x80 ? Uint8Array.of(0, ...request.serialNumber) : request.serialNumber;
  const algorithm = new AlgorithmIdentifier({ algorithm: sm2WithSm3Oid });
  const tbs = new TBSCertificate({
    version: 2,
    serialNumber: serial.slice().buffer as ArrayBuffer,
    signature: algorithm,
    issuer: issuerName,
    validity: new Validity({ notBefore: request.notBefore, notAfter: request.notAfter }),
    subject: toName(request.subject),
    subjectPublicKeyInfo: AsnConvert.parse(sm2Spki(request.publicKey), SubjectPublicKeyInfo),
    extensions: new Extensions([
      new Extension({
        extnID: id_ce_basicConstraints,
        critical: true,
        extnValue: new OctetString(AsnConvert.serialize(new BasicConstraints({ cA: request.ca }))),
      }),
      new Extension({
        extnID: id_ce_keyUsage,
        critical: true,
        extnValue: new OctetString(AsnConvert.serialize(usage)),
      }),
    ]),
  });
  const tbsDer = bytes(AsnConvert.serialize(tbs));
  const signature = sm2Sign(signer.privateKey, tbsDer);
  if (!signer.issuer && !equalBytes(sm2PublicKeyOf(signer.privateKey), request.publicKey))
    throw new Error('A self-signed certificate is signed by its own key');
  return bytes(
    AsnConvert.serialize(
      new Certificate({
        tbsCertificate: tbs,
        signatureAlgorithm: algorithm,
        signatureValue: signature.slice().buffer as ArrayBuffer,
      }),
    ),
  );
};

/** CertificationRequestInfo (RFC 2986 §4.1): version 0, subject, key, no attributes. */
class CertificationRequestInfo {
  version = 0;
  subject = new Name();
  subjectPKInfo = new SubjectPublicKeyInfo();
  attributes: Attribute[] = [];
}
AsnType({ type: AsnTypeTypes.Sequence })(CertificationRequestInfo);
AsnProp({ type: AsnPropTypes.Integer })(CertificationRequestInfo.prototype, 'version');
AsnProp({ type: Name })(CertificationRequestInfo.prototype, 'subject');
AsnProp({ type: SubjectPublicKeyInfo })(CertificationRequestInfo.prototype, 'subjectPKInfo');
AsnProp({ type: Attribute, repeated: 'set', context: 0, implicit: true })(
  CertificationRequestInfo.prototype,
  'attributes',
);

class CertificationRequest {
  certificationRequestInfo = new CertificationRequestInfo();
  signatureAlgorithm = new AlgorithmIdentifier();
  signature = new ArrayBuffer(0);
}
AsnType({ type: AsnTypeTypes.Sequence })(CertificationRequest);
AsnProp({ type: CertificationRequestInfo })(CertificationRequest.prototype, 'certificationRequestInfo');
AsnProp({ type: AlgorithmIdentifier })(CertificationRequest.prototype, 'signatureAlgorithm');
AsnProp({ type: AsnPropTypes.BitString })(CertificationRequest.prototype, 'signature');

/**
 * A PKCS #10 certificate request for `publicKey`, signed SM2-with-SM3 by `sign` (which signs with the
 * matching private key — KMS for the platform's seal key): what a province's CA takes to issue the signer's
 * certificate, proving the requester holds the key.
 */
export const sm2CertificationRequest = async (
  subject: NameParts,
  publicKey: Sm2PublicKey,
  sign: (message: Uint8Array) => Promise<Uint8Array>,
): Promise<Uint8Array> => {
  const info = Object.assign(new CertificationRequestInfo(), {
    subject: toName(subject),
    subjectPKInfo: AsnConvert.parse(sm2Spki(publicKey), SubjectPublicKeyInfo),
  });
  const infoDer = bytes(AsnConvert.serialize(info));
  const signature = await sign(infoDer);
  if (!sm2Verify(publicKey, infoDer, signature))
    throw new Error('The request was not signed by the key it names');
  return bytes(
    AsnConvert.serialize(
      Object.assign(new CertificationRequest(), {
        certificationRequestInfo: info,
        signatureAlgorithm: new AlgorithmIdentifier({ algorithm: sm2WithSm3Oid }),
        signature: signature.slice().buffer as ArrayBuffer,
      }),
    ),
  );
};

/** PEM armour of DER (`CERTIFICATE`, `CERTIFICATE REQUEST` …), 64 characters a line. */
export const pem = (label: string, der: Uint8Array) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString('base64')
    .replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
