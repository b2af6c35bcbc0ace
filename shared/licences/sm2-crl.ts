// Certificate revocation lists (RFC 5280 §5) for the SM2 PKI of seals: reading the CRL a province's CA
// publishes (signed SM2-with-SM3 by the CA), issuing one — which only the local cloud's demo CA and the tests
// do — and the revocation check of a signature's certificates at its signing time.
//
// The rule: a certificate revoked at or before the signing time makes the signature fail. One revoked after
// it leaves the signature standing (it was made while the certificate was good), except when the reason is
// a compromised key (keyCompromise, cACompromise): the signing time is the signer's own statement, not a
// trusted timestamp, so whoever holds a stolen key could have back-dated it, and the signature fails too.
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  Certificate,
  CertificateList,
  CRLNumber,
  CRLReason,
  CRLReasons,
  Extension,
  id_ce_cRLNumber,
  id_ce_cRLReasons,
  RevokedCertificate,
  TBSCertList,
  Time,
} from '@peculiar/asn1-x509';
import { type Sm2PublicKey, sm2Sign, sm2Verify, sm2WithSm3Oid } from './sm2.ts';
import { bytes, nameText, type ParsedCertificate } from './sm2-certificates.ts';

const serialHex = (serial: ArrayBuffer | Uint8Array) =>
  Buffer.from(bytes(serial))
    .toString('hex')
    .replace(/^(00)+(?=.)/, '');

export type RevocationReason = keyof typeof CRLReasons;

export interface RevokedEntry {
  /** Hex, lower case, as ParsedCertificate.serialNumber. */
  serialNumber: string;
  revokedAt: Date;
  reason?: RevocationReason;
}

export interface ParsedCrl {
  der: Uint8Array;
  issuer: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  crlNumber?: number;
  revoked: RevokedEntry[];
  tbs: Uint8Array;
  signatureAlgorithm: string;
  signature: Uint8Array;
}

const reasonName = (value: number): RevocationReason | undefined =>
  (Object.keys(CRLReasons) as RevocationReason[]).find((name) => CRLReasons[name] === value);

/** Reads a CRL; throws with a reason when `der` is not one. */
export const parseSm2Crl = (der: Uint8Array): ParsedCrl => {
  let crl: CertificateList;
  try {
    crl = AsnConvert.parse(der, CertificateList);
  } catch (cause) {
    throw new Error('The CRL is not DER X.509 (CertificateList)', { cause });
  }
  if (!crl.tbsCertListRaw) throw new Error('The CRL has no to-be-signed part');
  const tbs = crl.tbsCertList;
  const number = tbs.crlExtensions?.find((e) => e.extnID === id_ce_cRLNumber);
  return {
    der: der.slice(),
    issuer: nameText(tbs.issuer),
    thisUpdate: tbs.thisUpdate.getTime(),
    ...(tbs.nextUpdate ? { nextUpdate: tbs.nextUpdate.getTime() } : {}),
    ...(number ? { crlNumber: Number(AsnConvert.parse(number.extnValue, CRLNumber).value) } : {}),
    revoked: (tbs.revokedCertificates ?? []).map((entry) => {
      const reason = entry.crlEntryExtensions?.find((e) => e.extnID === id_ce_cRLReasons);
      const name = reason ? reasonName(AsnConvert.parse(reason.extnValue, CRLReason).reason) : undefined;
      return {
        serialNumber: serialHex(entry.userCertificate),
        revokedAt: entry.revocationDate.getTime(),
        ...(name ? { reason: name } : {}),
      };
    }),
    tbs: bytes(crl.tbsCertListRaw),
    signatureAlgorithm: crl.signatureAlgorithm.algorithm,
    signature: bytes(crl.signature),
  };
};

/** Whether `crl` was signed SM2-with-SM3 by `issuerKey`. */
export const crlSignedBy = (crl: ParsedCrl, issuerKey: Sm2PublicKey) =>
  crl.signatureAlgorithm === sm2WithSm3Oid && sm2Verify(issuerKey, crl.tbs, crl.signature);

export interface CrlRequest {
  thisUpdate: Date;
  nextUpdate: Date;
  crlNumber: number;
  revoked: ReadonlyArray<{ serialNumber: string; revokedAt: Date; reason?: RevocationReason }>;
}

/** Issues a v2 CRL signed by the CA `issuer` (its certificate, DER) with its private key. */
export const issueSm2Crl = (
  request: CrlRequest,
  signer: { privateKey: Uint8Array; issuer: Uint8Array },
): Uint8Array => {
  const issuer = AsnConvert.parse(signer.issuer, Certificate).tbsCertificate.subject;
  const algorithm = new AlgorithmIdentifier({ algorithm: sm2WithSm3Oid });
  const serial = (hex: string) => {
    const raw = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
    return new Uint8Array(raw[0]! & 0x80 ? [0, ...raw] : raw).buffer as ArrayBuffer;
  };
  const tbs = new TBSCertList({
    version: 1,
    signature: algorithm,
    issuer,
    thisUpdate: new Time(request.thisUpdate),
    nextUpdate: new Time(request.nextUpdate),
    ...(request.revoked.length > 0
      ? {
          revokedCertificates: request.revoked.map(
            (entry) =>
              new RevokedCertificate({
                userCertificate: serial(entry.serialNumber),
                revocationDate: new Time(entry.revokedAt),
                ...(entry.reason
                  ? {
                      crlEntryExtensions: [
                        new Extension({
                          extnID: id_ce_cRLReasons,
                          extnValue: new OctetString(
                            AsnConvert.serialize(new CRLReason(CRLReasons[entry.reason])),
                          ),
                        }),
                      ],
                    }
                  : {}),
              }),
          ),
        }
      : {}),
    crlExtensions: [
      new Extension({
        extnID: id_ce_cRLNumber,
        extnValue: new OctetString(AsnConvert.serialize(new CRLNumber(request.crlNumber))),
      }),
    ],
  });
  const tbsDer = bytes(AsnConvert.serialize(tbs));
  return bytes(
    AsnConvert.serialize(
      new CertificateList({
        tbsCertList: tbs,
        signatureAlgorithm: algorithm,
        signature: sm2Sign(signer.privateKey, tbsDer).slice().buffer as ArrayBuffer,
      }),
    ),
  );
};

export interface RevocationResult {
  ok: boolean;
  message: string;
}

const compromised: ReadonlySet<RevocationReason> = new Set(['keyCompromise', 'cACompromise']);

/**
 * The revocation check of a chain (the signer's certificate first, each one's issuer after it, the trusted
 * root last) at the signing time `at`, against the CRLs the jurisdiction holds: for each certificate below the
 * root, the newest CRL of its issuer that the issuer signed. A certificate whose issuer has no CRL here is
 * said to be unchecked, not revoked.
 */
export const checkRevocation = (
  chain: readonly ParsedCertificate[],
  crls: readonly Uint8Array[],
  at: Date,
): RevocationResult => {
  const parsed = crls.flatMap((der) => {
    try {
      return [parseSm2Crl(der)];
    } catch {
      return [];
    }
  });
  const checked: string[] = [];
  const unchecked: string[] = [];
  const later: string[] = [];
  for (let i = 0; i < chain.length - 1; i++) {
    const certificate = chain[i]!;
    const issuer = chain[i + 1]!;
    const crl = parsed
      .filter((c) => c.issuer === issuer.subject && crlSignedBy(c, issuer.publicKey))
      .sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime())[0];
    if (!crl) {
      unchecked.push(certificate.subject);
      continue;
    }
    const entry = crl.revoked.find((r) => r.serialNumber === certificate.serialNumber);
    const from = `${issuer.subject}'s CRL of ${crl.thisUpdate.toISOString()}`;
    if (entry && entry.revokedAt <= at)
      return {
        ok: false,
        message: `${certificate.subject} (serial ${certificate.serialNumber}) was revoked on ${entry.revokedAt.toISOString()}${entry.reason ? ` (${entry.reason})` : ''}, before the signing time ${at.toISOString()} (${from})`,
      };
    if (entry?.reason && compromised.has(entry.reason))
      return {
        ok: false,
        message: `${certificate.subject} (serial ${certificate.serialNumber}) was revoked on ${entry.revokedAt.toISOString()} for ${entry.reason}: the signing time ${at.toISOString()} is the signer's own statement, so a compromised key's signature is not trusted (${from})`,
      };
    if (entry)
      later.push(
        `${certificate.subject} was revoked on ${entry.revokedAt.toISOString()}, after the signing time: the signature stands`,
      );
    else checked.push(certificate.subject);
  }
  const parts = [
    ...(checked.length ? [`Not revoked at signing: ${checked.join(', ')}`] : []),
    ...later,
    ...(unchecked.length ? [`No CRL of the issuer held, not checked: ${unchecked.join(', ')}`] : []),
  ];
  return { ok: true, message: parts.join('; ') || 'Nothing to check below the trusted root' };
};
