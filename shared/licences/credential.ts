// 电子证照 as a W3C Verifiable Credential (data model 2.0), secured as a compact JWS (ES256, `typ: vc+jwt`):
// what an issued licence says, and how anyone checks it — the seal's signature under a published key, the
// issuer being one of this jurisdiction's departments, the status lists, and the validity period. Each
// check is reported by name, so a verifier knows why a licence fails.
import type { JsonWebKey } from 'node:crypto';
import { parseCompactJws, verifyEs256 } from './jws.ts';
import { outsideKeyPeriod, type PublishedKey, signedAtOf } from './key-periods.ts';
import { type LicenceRecord, licenceStatusCodes } from './licence.ts';
import { type StatusPurpose, statusPosition } from './status-list.ts';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';

/** Issuers are named by their unified social credit code. */
export const issuerUrn = (creditCode: string) => `urn:uscc:${creditCode}`;

export interface CredentialUrls {
  /** Where status lists are published, e.g. https://…/status-lists; a URN base when none is configured. */
  statusLists: string;
}

export const statusListId = (purpose: StatusPurpose, list: number) => `${purpose}-${list}`;

export const buildCredential = (record: LicenceRecord, urls: CredentialUrls) => {
  const { list, index } = statusPosition(record.statusListIndex);
  const entry = (purpose: StatusPurpose) => ({
    id: `${urls.statusLists}/${statusListId(purpose, list)}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: String(index),
    statusListCredential: `${urls.statusLists}/${statusListId(purpose, list)}`,
  });
  return {
    '@context': [VC_CONTEXT],
    id: `urn:tongban:licence:${record.id}`,
    type: ['VerifiableCredential', 'ElectronicLicence'],
    name: record.name,
    issuer: { id: issuerUrn(record.issuer.creditCode), name: record.issuer.name },
    validFrom: `${record.validFrom}T00:00:00+08:00`,
    ...(record.validUntil ? { validUntil: `${record.validUntil}T23:59:59+08:00` } : {}),
    credentialSubject: {
      // The holder as the standard names them: never the platform's sealed value or blind index.
      holder: {
        type: record.holder.type,
        name: record.holder.name,
        idType: record.holder.idType,
        idNumber: record.holder.idNumber,
      },
      licence: {
        identifier: record.id,
        name: record.name,
        typeCode: record.typeCode,
        statusCode: licenceStatusCodes.valid,
        issueDate: record.issueDate,
        jurisdiction: record.jurisdiction,
        fields: record.fields,
        ...(record.previous ? { previous: record.previous } : {}),
      },
    },
    credentialStatus: [entry('revocation'), entry('suspension')],
  };
};
export type LicenceCredential = ReturnType<typeof buildCredential>;

export interface VerificationPorts {
  /** A seal key this jurisdiction has published (current or rotated) with its period of use, by kid. */
  key(
    kid: string,
  ): Promise<(JsonWebKey & Partial<Pick<PublishedKey, 'validFrom' | 'retiredAt'>>) | undefined>;
  /** Credit codes of this jurisdiction's departments. */
  issuers: ReadonlySet<string>;
  /** Whether the bit of `index` is set in status list `list` of `purpose`. */
  statusBit(purpose: StatusPurpose, list: number, index: number): Promise<boolean>;
  now: Date;
}

export interface Verification {
  valid: boolean;
  checks: { signature: boolean; issuer: boolean; status: boolean; expiry: boolean };
  /** The failing checks with a reason each, in the order they were made. */
  problems: Array<{ check: keyof Verification['checks']; reason: string }>;
  credential?: Record<string, unknown>;
  kid?: string;
}

const asRecord = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

export const verifyCredential = async (compact: string, ports: VerificationPorts): Promise<Verification> => {
  const problems: Verification['problems'] = [];
  const checks = { signature: false, issuer: false, status: false, expiry: false };
  const parsed = parseCompactJws(compact.trim());
  const payload = asRecord(parsed?.payload);
  if (!parsed || !payload) {
    problems.push({ check: 'signature', reason: 'not a compact JWS carrying a credential' });
    return { valid: false, checks, problems };
  }
  const kid = typeof parsed.header.kid === 'string' ? parsed.header.kid : undefined;
  const key = kid ? await ports.key(kid) : undefined;
  if (parsed.header.alg !== 'ES256')
    problems.push({ check: 'signature', reason: `algorithm ${String(parsed.header.alg)} is not ES256` });
  else if (!key) problems.push({ check: 'signature', reason: `unknown key ${kid ?? '(no kid)'}` });
  else if (!verifyEs256(key, parsed.signingInput, parsed.signature))
    problems.push({ check: 'signature', reason: 'the signature does not match' });
  else {
    const outside = outsideKeyPeriod({ ...key, kid: kid! }, signedAtOf(parsed.header));
    if (outside) problems.push({ check: 'signature', reason: outside });
    else checks.signature = true;
  }

  const issuer = asRecord(payload.issuer);
  const issuerId = typeof issuer?.id === 'string' ? issuer.id : '';
  const credit = issuerId.startsWith('urn:uscc:') ? issuerId.slice('urn:uscc:'.length) : '';
  if (ports.issuers.has(credit) && key) checks.issuer = true;
  else
    problems.push({
      check: 'issuer',
      reason: key
        ? `${issuerId || 'no issuer'} is not a department of this jurisdiction`
        : 'the key is not this jurisdiction’s seal',
    });

  const entries = Array.isArray(payload.credentialStatus)
    ? payload.credentialStatus
    : [payload.credentialStatus];
  let statusOk = entries.length > 0;
  for (const raw of entries) {
    const entry = asRecord(raw);
    const purpose = entry?.statusPurpose;
    const index = Number(entry?.statusListIndex);
    const listUrl = typeof entry?.statusListCredential === 'string' ? entry.statusListCredential : '';
    const list = Number(/-(\d+)$/.exec(listUrl)?.[1]);
    if (
      (purpose !== 'revocation' && purpose !== 'suspension') ||
      !Number.isInteger(index) ||
      !Number.isInteger(list)
    ) {
      statusOk = false;
      problems.push({ check: 'status', reason: 'no readable status list entry' });
      continue;
    }
    if (await ports.statusBit(purpose, list, index)) {
      statusOk = false;
      problems.push({
        check: 'status',
        reason: purpose === 'revocation' ? 'revoked or cancelled' : 'suspended',
      });
    }
  }
  checks.status = statusOk;

  const now = ports.now.getTime();
  const from = typeof payload.validFrom === 'string' ? Date.parse(payload.validFrom) : Number.NaN;
  const until =
    typeof payload.validUntil === 'string' ? Date.parse(payload.validUntil) : Number.POSITIVE_INFINITY;
  if (Number.isNaN(from) || Number.isNaN(until))
    problems.push({ check: 'expiry', reason: 'no readable validity period' });
  else if (now < from) problems.push({ check: 'expiry', reason: 'not valid yet' });
  else if (now > until) problems.push({ check: 'expiry', reason: 'expired' });
  else checks.expiry = true;

  const valid = checks.signature && checks.issuer && checks.status && checks.expiry;
  return { valid, checks, problems, credential: payload, ...(kid ? { kid } : {}) };
};

/** An ID number or credit code as a verifier may see it: the first and last four characters. */
export const maskIdNumber = (id: string) =>
  id.length > 8 ? `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}` : '****';

/** A credential as a verifier may show it: the holder's ID number masked. */
export const maskedCredentialSubject = (credential: Record<string, unknown> | undefined) => {
  const subject = asRecord(credential?.credentialSubject);
  const holder = asRecord(subject?.holder);
  const id = typeof holder?.idNumber === 'string' ? holder.idNumber : '';
  return {
    ...(subject ?? {}),
    ...(holder
      ? {
          holder: {
            ...holder,
            idNumber: maskIdNumber(id),
          },
        }
      : {}),
  };
};
