// 电子证照 use-cases: issue a licence when a case is approved (sealed credential, printable PDF, catalogue
// record — once per case, however often the workflow retries), change its status (the status lists follow
// in the same transaction), show holders their wallet, let the staff of a case that cites a licence read it
// (every such read logged for the holder, 免证办), verify any credential, and publish keys and status lists.
import type { CaseRecord } from '../../shared/cases/case.ts';
import { parseCaseNumber } from '../../shared/cases/case-number.ts';
import type { Clock } from '../../shared/clock.ts';
import { toLocalDate } from '../../shared/dates.ts';
import { forbidden, notFound, validationFailed } from '../../shared/errors.ts';
import { type DomainEvent, domainEvent, EventType } from '../../shared/events.ts';
import type { Principal } from '../../shared/identity.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import {
  buildCredential,
  issuerUrn,
  maskedCredentialSubject,
  statusListId,
  VC_CONTEXT,
  verifyCredential,
} from '../../shared/licences/credential.ts';
import { formatLicenceId, parseLicenceId } from '../../shared/licences/identifier.ts';
import type { PublishedKey } from '../../shared/licences/key-periods.ts';
import {
  assertStatusChange,
  effectiveStatus,
  expiryOf,
  type LicenceRecord,
  type LicenceStatus,
  statusBits,
} from '../../shared/licences/licence.ts';
import {
  encodeStatusList,
  STATUS_LIST_BITS,
  type StatusPurpose,
  setStatusBit,
  statusBit,
  statusPosition,
} from '../../shared/licences/status-list.ts';
import { licenceCatalogue } from '../../shared/licences/types.ts';
import { mask } from '../../shared/sealed.ts';
import type { ItemSource } from '../cases/context.ts';
import { type LicenceHolders, plainHolder } from './holders.ts';
import type { LicenceOfd, LicenceOfdInput } from './ofd.ts';
import type { LicencePdfInput } from './pdf.ts';
import { type Signer, signJws } from './signer.ts';
import {
  credentialDigest,
  type LicenceHistoryEntry,
  type LicenceStore,
  type ListWrite,
  type StoredLicence,
} from './store.ts';
import { createOfdVerification, type OfdVerificationDeps } from './verify-ofd.ts';

/** Where licence files go, and the short-lived link a holder downloads the PDF with. */
export interface LicenceFiles {
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /** A text file as stored (the compact credential). */
  getText(key: string): Promise<string>;
  downloadUrl(key: string, fileName: string): Promise<string>;
}

/** The electronic seal as issuance uses it: the department's seal and certificate, the stamp's place. */
export type OfdSealer = (
  ofd: Uint8Array,
  options: { department: string; stamp: LicenceOfd['stamp']; time: Date },
) => Promise<Uint8Array>;

/** The OFD's media type (GB/T 33190 registers none; this is the one licence platforms serve it with). */
export const OFD_CONTENT_TYPE = 'application/ofd';

export interface LicenceDeps {
  store: LicenceStore;
  /** The holder's number sealed and indexed (personal-data:seal), opened only by the issuer. */
  holders: LicenceHolders;
  cases: { getCase(caseNumber: string): Promise<CaseRecord | undefined> };
  items: ItemSource;
  signer: Signer;
  files: LicenceFiles;
  renderPdf: (input: LicencePdfInput) => Promise<Uint8Array>;
  /**
   * The OFD form: the licence as an unsigned OFD document (and where its seal goes), and the issuing
   * department's electronic seal (GB/T 38540, SM2 in KMS). Absent where the deployment has no SM2 seal key
   * (KMS offers SM2 only in the China Regions): there licences are issued as credential and PDF.
   */
  ofd?: { render: (input: LicenceOfdInput) => LicenceOfd; seal: OfdSealer };
  /** The electronic seal's checks of an OFD package (digests, signature, seal, chain to trusted roots). */
  checkOfdSeal: OfdVerificationDeps['checkSeal'];
  /** Bytes a QR code can carry; a longer credential is printed as its verification reference. */
  qrCapacity: number;
  clock: Clock;
  jurisdiction: Jurisdiction;
}

const system = { sub: 'workflow', name: '流程引擎', role: 'system' };
/** A QR payload that is not the credential itself: `TBV1:<licence id>:<sha256 of the compact credential>`. */
export const referencePayload = (id: string, compact: string) => `TBV1:${id}:${credentialDigest(compact)}`;

/**
 * Whether `holderId` (whose blind index is `index`) holds the licence: by the index the record keeps, or,
 * on a row stored before holders were indexed, by the number itself.
 */
const heldBy = (r: LicenceRecord, holderId: string, index: string) =>
  r.holder.idIndex ? r.holder.idIndex === index : r.holder.idNumber === holderId;

/** A number not sealed shown as responses show numbers: a person's masked, a credit code as it is. */
const maskedHolderId = (h: LicenceRecord['holder']) =>
  h.type === 'person' ? mask('id-number', h.idNumber) : h.idNumber;

export const createLicenceService = (deps: LicenceDeps) => {
  const { store, signer, jurisdiction, holders } = deps;
  /** What the licence's QR code holds: the credential itself when it fits, else a reference to it. */
  const qrPayloadOf = (id: string, compact: string) =>
    Buffer.byteLength(compact) <= deps.qrCapacity ? compact : referencePayload(id, compact);
  const today = () => toLocalDate(deps.clock.now(), jurisdiction.timezone);
  // Absolute where the jurisdiction has a public address, so any verifier can fetch the lists.
  const statusLists = jurisdiction.publicUrl
    ? `${jurisdiction.publicUrl}/status-lists`
    : `urn:tongban:${jurisdiction.id}:status-lists`;
  const departmentsByCode = new Map(jurisdiction.departments.map((d) => [d.code, d]));
  const issuers = new Set(jurisdiction.departments.map((d) => d.creditCode));
  const catalogue = licenceCatalogue(jurisdiction.licenceTypes);

  /** Seals a credential; the key that signed stays published (JWKS) after any later rotation. */
  const registered = new Set<string>();
  const sign = async (payload: object) => {
    // Dated by the seal (`iat`): a verifier checks the key was in use then.
    const at = deps.clock.now();
    const { jws, kid } = await signJws(signer, payload, {
      typ: 'vc+jwt',
      cty: 'vc',
      iat: Math.floor(at.getTime() / 1000),
    });
    if (!registered.has(kid)) {
      await store.registerSealKey(kid, (await signer.current()).jwk, at);
      registered.add(kid);
    }
    return { compact: jws, kid };
  };

  /** The list rows a status change writes: each list's bit set to what the new status says. */
  const listChanges = async (index: number, status: LicenceStatus): Promise<ListWrite[]> => {
    const { list, index: bit } = statusPosition(index);
    const wanted = statusBits(status);
    const purposes = ['revocation', 'suspension'] as const;
    const rows = await Promise.all(purposes.map((purpose) => store.statusList(purpose, list)));
    const out: ListWrite[] = [];
    for (const [i, purpose] of purposes.entries()) {
      const row = rows[i]!;
      if (statusBit(row.bits, bit) === wanted[purpose]) continue;
      setStatusBit(row.bits, bit, wanted[purpose]);
      out.push({ purpose, list, bits: row.bits, expectedRev: row.rev });
    }
    return out;
  };

  /** What every new licence record starts with: its status-list position, revision and history length. */
  const freshRecord = async () => ({
    statusListIndex: await store.allocateStatusIndex(),
    kid: '',
    rev: 1,
    historyLength: 1,
  });
  const issuedEntry = (at: string, caseNumber: string): LicenceHistoryEntry => ({
    seq: 1,
    at,
    action: 'issue',
    statusAfter: 'valid',
    by: system,
    caseNumber,
  });

  /**
   * Seals a new licence record and makes its forms — the credential, the printable PDF and, where the
   * deployment has an SM2 seal, the OFD sealed by the issuing department — and files them: what putIssued
   * stores. The three forms are one licence: each is made before any is filed, so a failure files none.
   * They name the holder in full (they are the holder's documents, in the encrypted licence bucket); the
   * record stored in the table has the number sealed and masked.
   */
  const sealAndFile = async (licence: LicenceRecord): Promise<StoredLicence> => {
    const { compact, kid } = await sign(buildCredential(licence, { statusLists }));
    licence.kid = kid;
    const prefix = `licences/${licence.id}`;
    const face: LicencePdfInput = {
      title: licence.name,
      identifier: licence.id,
      holderName: licence.holder.name,
      holderIdLabel: licence.holder.idType,
      holderId: licence.holder.idNumber,
      issuerName: licence.issuer.name,
      issueDate: licence.issueDate,
      ...(licence.validUntil ? { validUntil: licence.validUntil } : {}),
      fields: licence.fields.map((f) => ({ label: f.label, value: f.value })),
      qrPayload: qrPayloadOf(licence.id, compact),
    };
    const pdf = await deps.renderPdf(face);
    let ofd: Uint8Array | undefined;
    if (deps.ofd) {
      const unsigned = deps.ofd.render({
        ...face,
        // The OFD is read on screens and is verifiable by its own seal: its QR code is the short reference
        // (a few dozen modules a side, which any phone scans off a screen), not the whole credential.
        qrPayload: referencePayload(licence.id, compact),
        typeCode: licence.typeCode,
        issuerCreditCode: licence.issuer.creditCode,
        validFrom: licence.validFrom,
        holderIdType: licence.holder.idType,
      });
      ofd = await deps.ofd.seal(unsigned.ofd, {
        department: licence.issuer.department,
        stamp: unsigned.stamp,
        time: deps.clock.now(),
      });
    }
    await deps.files.put(`${prefix}/credential.jwt`, compact, 'application/vc+jwt');
    await deps.files.put(`${prefix}/licence.pdf`, pdf, 'application/pdf');
    if (ofd) await deps.files.put(`${prefix}/licence.ofd`, ofd, OFD_CONTENT_TYPE);
    return {
      record: await holders.seal(licence),
      credentialHash: credentialDigest(compact),
      credentialKey: `${prefix}/credential.jwt`,
      pdfKey: `${prefix}/licence.pdf`,
      ...(ofd ? { ofdKey: `${prefix}/licence.ofd` } : {}),
    };
  };

  /** The old licence a new one replaces, ended with `status` in the same transaction. */
  const replacement = async (
    cited: StoredLicence,
    status: 'cancelled' | 'revoked',
    reason: string,
    caseNumber: string,
    at: string,
  ): Promise<NonNullable<Parameters<typeof store.putIssued>[3]>> => {
    const old = cited.record;
    const changed = await holders.seal({
      ...old,
      status,
      rev: old.rev + 1,
      historyLength: old.historyLength + 1,
    });
    return {
      stored: { ...cited, record: changed },
      expectedRev: old.rev,
      history: {
        seq: changed.historyLength,
        at,
        action: 'status',
        statusBefore: old.status,
        statusAfter: status,
        reason,
        by: system,
        caseNumber,
      },
      lists: await listChanges(old.statusListIndex, status),
    };
  };

  // --- issuance (the review workflow's Issue state) -------------------------------------------------

  /**
   * Issues the licence of an approved case, or returns the one it already issued. Items without an
   * e-licence result, and licence types outside the catalogue, issue nothing (the case completes anyway).
   */
  const issue = async (caseNumber: string): Promise<{ licenceId: string | null; reason?: string }> => {
    const existing = await store.forCase(caseNumber);
    if (existing) return { licenceId: existing };
    const record = await deps.cases.getCase(caseNumber);
    if (!record?.item) throw notFound(`No item case ${caseNumber}.`);
    // The workflow issues after the last stage approved, before it completes the case.
    if (record.status !== 'IN_REVIEW' && record.status !== 'ACCEPTED')
      return { licenceId: null, reason: `the case is ${record.status}, not approved in review` };
    const typeName = record.item.licenceType;
    if (!typeName) return { licenceId: null, reason: 'the item issues no e-licence' };
    const type = catalogue.byName(typeName);
    if (!type) return { licenceId: null, reason: `licence type ${typeName} is not in the licence catalogue` };
    const item = await deps.items.version(record.item.code, record.item.version);
    const department = departmentsByCode.get(record.item.department);
    if (!item || !department) throw new Error(`Case ${caseNumber} names an unknown item or department`);

    const issueDate = today();
    // One licence per case: the serial comes from the case number, so a retried issuance names the same id.
    const parts = parseCaseNumber(caseNumber);
    if (!parts) throw new Error(`Not a case number: ${caseNumber}`);
    const serial = `${parts.date.replaceAll('-', '')}${String(parts.sequence).padStart(6, '0')}`;
    const id = formatLicenceId({
      typeCode: type.code,
      issuerCreditCode: department.creditCode,
      serial,
      version: 1,
    });
    const properties =
      (item.formSchema as { properties?: Record<string, { title?: string }> }).properties ?? {};
    const fields = Object.entries(record.form).map(([key, value]) => ({
      key,
      label: properties[key]?.title ?? key,
      value: typeof value === 'string' ? value : JSON.stringify(value),
    }));
    const applicant = record.applicant;
    const holderId = applicant.idNumber ?? applicant.creditCode ?? '';
    // 延续 / 变更: a valid licence of the same type cited in the application is the one this replaces.
    const citedIds = record.materials.flatMap((m) => (m.via === 'licence' ? [m.licenceId] : []));
    const holderIndex = await holders.index(holderId);
    const cited = (await Promise.all(citedIds.map((c) => store.get(c)))).find(
      (s) =>
        s &&
        s.record.name === typeName &&
        heldBy(s.record, holderId, holderIndex) &&
        s.record.status === 'valid',
    );

    const licence: LicenceRecord = {
      id,
      name: type.name,
      typeCode: type.code,
      holder: {
        type: applicant.type,
        name: applicant.name,
        idType: applicant.type === 'person' ? '公民身份号码' : '统一社会信用代码',
        idNumber: holderId,
      },
      issuer: { department: department.code, name: department.name, creditCode: department.creditCode },
      jurisdiction: {
        id: jurisdiction.id,
        divisionCode: jurisdiction.divisionCode,
        name: jurisdiction.name.zh,
      },
      issueDate,
      validFrom: issueDate,
      ...(type.validityYears ? { validUntil: expiryOf(issueDate, type.validityYears) } : {}),
      fields,
      status: 'valid',
      caseNumber,
      itemCode: record.item.code,
      ...(cited ? { previous: cited.record.id } : {}),
      ...(await freshRecord()),
    };
    const stored = await sealAndFile(licence);
    const at = deps.clock.now().toISOString();
    const history = issuedEntry(at, caseNumber);
    const replaced = cited
      ? await replacement(cited, 'cancelled', `换发新证 ${id}`, caseNumber, at)
      : undefined;
    const events: DomainEvent[] = [
      domainEvent(EventType.LicenceIssued, {
        licenceId: id,
        caseNumber,
        type: type.code,
        department: department.code,
        ...(cited ? { replaces: cited.record.id } : {}),
      }),
    ];
    if (cited)
      events.push(
        domainEvent(EventType.LicenceStatusChanged, {
          licenceId: cited.record.id,
          status: 'cancelled',
          department: cited.record.issuer.department,
        }),
      );
    if (!(await store.putIssued(stored, history, { events, at: deps.clock.now() }, replaced)))
      return { licenceId: (await store.forCase(caseNumber)) ?? null };
    return { licenceId: id };
  };

  /**
   * 数据异议 corrected: the issuing department's corrected licence, the next version of the disputed one
   * (same type, issuer and serial), with the corrected data fields; the old one is revoked (撤销) and the new
   * one links to it. Once per ticket: a retried re-issue answers the licence it made.
   */
  const reissue = async (
    ticketNumber: string,
    licenceId: string,
    corrections: ReadonlyArray<{ key: string; value: string }>,
  ): Promise<{ licenceId: string }> => {
    const existing = await store.forCase(ticketNumber);
    if (existing) return { licenceId: existing };
    const cited = await store.get(licenceId);
    if (!cited) throw notFound(`No licence ${licenceId}.`);
    const old = cited.record;
    const parts = parseLicenceId(old.id);
    if (!parts) throw new Error(`Not a licence id: ${old.id}`);
    const id = formatLicenceId({ ...parts, version: parts.version + 1 });
    const issueDate = today();
    const fields = old.fields.map((f) => {
      const fix = corrections.find((c) => c.key === f.key || c.key === f.label);
      return fix ? { ...f, value: fix.value } : f;
    });
    const licence: LicenceRecord = {
      ...old,
      // The corrected credential names the holder in full again: opened from the old licence's row.
      holder: await holders.open(old),
      id,
      issueDate,
      fields,
      status: 'valid',
      caseNumber: ticketNumber,
      previous: old.id,
      ...(await freshRecord()),
    };
    const stored = await sealAndFile(licence);
    const at = deps.clock.now().toISOString();
    const replaced = await replacement(
      cited,
      'revoked',
      `数据异议更正，换发 ${id}（工单 ${ticketNumber}）`,
      ticketNumber,
      at,
    );
    const history = issuedEntry(at, ticketNumber);
    // The holder hears of it through the case that first issued the licence (a re-issue of a re-issue: not).
    const events: DomainEvent[] = [
      ...(parseCaseNumber(old.caseNumber)
        ? [
            domainEvent(EventType.LicenceIssued, {
              licenceId: id,
              caseNumber: old.caseNumber,
              type: old.typeCode,
              department: old.issuer.department,
              replaces: old.id,
            }),
          ]
        : []),
      domainEvent(EventType.LicenceStatusChanged, {
        licenceId: old.id,
        status: 'revoked',
        department: old.issuer.department,
      }),
    ];
    if (!(await store.putIssued(stored, history, { events, at: deps.clock.now() }, replaced)))
      return { licenceId: (await store.forCase(ticketNumber)) ?? id };
    return { licenceId: id };
  };

  // --- holders and the offices that use a licence (免证办) -------------------------------------------

  const holderIdOf = (p: Principal) => p.idNumber ?? p.creditCode;
  const isHolder = async (r: LicenceRecord, p: Principal) => {
    const own = holderIdOf(p);
    if ((p.role !== 'citizen' && p.role !== 'enterprise') || !own) return false;
    return heldBy(r, own, await holders.index(own));
  };

  const wallet = async (p: Principal, limit: number, cursor?: string) => {
    const holderId = holderIdOf(p);
    if (!holderId)
      throw forbidden('A verified identity (ID number or credit code) is needed for a licence wallet.');
    const page = await store.wallet(await holders.index(holderId), limit, cursor);
    return {
      licences: page.items.map((r) => ({ ...view(r), status: effectiveStatus(r, today()) })),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    };
  };

  /** The record as responses show it: the holder's number masked, nothing of what the platform keeps. */
  const view = (r: LicenceRecord) => {
    const { rev: _rev, historyLength: _h, statusListIndex: _s, ...rest } = r;
    const shown = r.holder.sealed ? r.holder.idNumber : maskedHolderId(r.holder);
    return {
      ...rest,
      holder: { ...plainHolder(r.holder), idNumber: shown },
      status: effectiveStatus(r, today()),
    };
  };

  /**
   * The holder reads their licence; staff read it only for a case that cites it and involves their
   * department, and say why — the read is logged for the holder. Anyone else: 404.
   */
  const read = async (id: string, p: Principal, purpose: { caseNumber?: string; reason?: string }) => {
    const stored = await store.get(id);
    if (!stored) throw notFound(`No licence ${id}.`);
    const { record } = stored;
    if (!(await isHolder(record, p))) {
      if (!p.department || !purpose.caseNumber) throw notFound(`No licence ${id}.`);
      const cited = await deps.cases.getCase(purpose.caseNumber);
      const cites = cited?.materials.some((m) => m.via === 'licence' && m.licenceId === id);
      if (!cited || !cites || !cited.departments.includes(p.department)) throw notFound(`No licence ${id}.`);
      if (!purpose.reason)
        throw validationFailed([
          { path: 'query.reason', message: '调取他人证照须说明用途 (say why the licence is read)' },
        ]);
      await store.logAccess(id, {
        at: deps.clock.now().toISOString(),
        by: { sub: p.sub, name: p.name, role: p.role, ...(p.department ? { department: p.department } : {}) },
        caseNumber: purpose.caseNumber,
        reason: purpose.reason,
      });
    }
    // The credential is the holder's document: handed in full to the holder and to the office of a citing
    // case, from the licence bucket (the table keeps only its digest).
    const credential = await deps.files.getText(stored.credentialKey);
    return {
      licence: view(record),
      credential,
      // On screen the short reference form: a few dozen modules a side, which a window's scanner reads off a
      // phone at arm's length (the printout carries the whole credential, for checking offline).
      qr: referencePayload(id, credential),
      pdf: { url: await deps.files.downloadUrl(stored.pdfKey, `${record.name}.pdf`), expiresInSeconds: 300 },
      // The OFD the licence libraries take, sealed per GB/T 38540 (none where there is no SM2 seal, and
      // none for licences issued before the OFD form).
      ofd: stored.ofdKey
        ? { url: await deps.files.downloadUrl(stored.ofdKey, `${record.name}.ofd`), expiresInSeconds: 300 }
        : null,
      history: await store.history(id),
    };
  };

  const accessLog = async (id: string, p: Principal) => {
    const stored = await store.get(id);
    if (!stored || !(await isHolder(stored.record, p))) throw notFound(`No licence ${id}.`);
    return { licenceId: id, entries: await store.accessLog(id) };
  };

  /** 暂扣 / 撤销 / 注销 / 恢复 by an admin of the issuing department. */
  const changeStatus = async (id: string, p: Principal, input: { status: LicenceStatus; reason: string }) => {
    const stored = await store.get(id);
    if (!stored) throw notFound(`No licence ${id}.`);
    const { record } = stored;
    if (p.department !== record.issuer.department)
      throw forbidden(
        `Only the issuing department (${record.issuer.department}) changes this licence's status.`,
      );
    assertStatusChange(effectiveStatus(record, today()), input.status);
    const at = deps.clock.now().toISOString();
    const changed = await holders.seal({
      ...record,
      status: input.status,
      rev: record.rev + 1,
      historyLength: record.historyLength + 1,
    });
    const entry: LicenceHistoryEntry = {
      seq: changed.historyLength,
      at,
      action: 'status',
      statusBefore: record.status,
      statusAfter: input.status,
      reason: input.reason,
      by: { sub: p.sub, name: p.name, role: p.role, ...(p.department ? { department: p.department } : {}) },
    };
    await store.putStatus(
      { ...stored, record: changed },
      record.rev,
      entry,
      await listChanges(record.statusListIndex, input.status),
      {
        events: [
          domainEvent(EventType.LicenceStatusChanged, {
            licenceId: id,
            status: input.status,
            department: record.issuer.department,
          }),
        ],
        at: deps.clock.now(),
      },
    );
    return view(changed);
  };

  // --- verification, keys and status lists (public) ------------------------------------------------

  // A kid names one key for ever (it is the key's thumbprint); once retired its period is final too, so
  // retired keys are kept per container and the others read again (they may have been retired since).
  const retiredKeys = new Map<string, PublishedKey>();
  const ports = () => ({
    key: async (kid: string) => {
      const kept = retiredKeys.get(kid);
      if (kept) return kept;
      const key = await store.sealKey(kid);
      if (key?.retiredAt) retiredKeys.set(kid, key);
      return key;
    },
    issuers,
    statusBit: async (purpose: StatusPurpose, list: number, index: number) =>
      index < STATUS_LIST_BITS && statusBit((await store.statusList(purpose, list)).bits, index),
    now: deps.clock.now(),
  });

  const answer = async (compact: string) => {
    const result = await verifyCredential(compact, ports());
    const subject = maskedCredentialSubject(result.credential);
    return {
      valid: result.valid,
      checks: result.checks,
      problems: result.problems,
      ...(result.credential
        ? {
            licence: {
              ...(subject as { licence?: object }).licence,
              holder: (subject as { holder?: object }).holder,
              issuer: result.credential.issuer,
              validFrom: result.credential.validFrom,
              validUntil: result.credential.validUntil ?? null,
            },
          }
        : {}),
    };
  };

  const { verifyOfd } = createOfdVerification({
    checkSeal: deps.checkOfdSeal,
    store,
    clock: deps.clock,
    jurisdiction,
  });

  /** A credential, or a QR payload: the credential itself or its `TBV1:<id>:<hash>` reference. */
  const verify = async (input: { credential?: string; qr?: string }) => {
    const text = (input.credential ?? input.qr ?? '').trim();
    const reference = /^TBV1:([^:]+):([A-Za-z0-9_-]{43})$/.exec(text);
    if (!reference) return answer(text);
    const stored = parseLicenceId(reference[1]!) ? await store.get(reference[1]!) : undefined;
    if (!stored || stored.credentialHash !== reference[2]) {
      return {
        valid: false,
        checks: { signature: false, issuer: false, status: false, expiry: false },
        problems: [{ check: 'signature', reason: 'no licence with this reference and hash' }],
      };
    }
    return answer(await deps.files.getText(stored.credentialKey));
  };

  const verifyById = async (id: string) => {
    const stored = parseLicenceId(id) ? await store.get(id) : undefined;
    if (!stored) throw notFound(`No licence ${id}.`);
    return answer(await deps.files.getText(stored.credentialKey));
  };

  /** Every seal key that has signed, and the current one: rotated keys stay listed. */
  const jwks = async () => {
    const known = await store.sealKeys();
    const current = await signer.current();
    const keys = known.some((k) => k.kid === current.kid)
      ? known
      : [...known, { ...current.jwk, kid: current.kid }];
    return { keys };
  };

  const signedLists = new Map<string, { rev: number; compact: string }>();
  /** The W3C BitstringStatusListCredential of one list, signed by the seal; re-signed when the list changes. */
  const statusListCredential = async (name: string) => {
    // A bare number names the revocation list: the one a verifier needs first.
    const match = /^(?:(revocation|suspension)-)?(\d{1,6})$/.exec(name);
    if (!match) throw notFound(`No status list ${name}.`);
    const purpose = (match[1] ?? 'revocation') as StatusPurpose;
    const list = Number(match[2]);
    const row = await store.statusList(purpose, list);
    const key = statusListId(purpose, list);
    const cached = signedLists.get(key);
    if (cached && cached.rev === row.rev) return cached.compact;
    const platform = departmentsByCode.get('zwfw') ?? jurisdiction.departments[0]!;
    const { compact } = await sign({
      '@context': [VC_CONTEXT],
      id: `${statusLists}/${statusListId(purpose, list)}`,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: { id: issuerUrn(platform.creditCode), name: platform.name },
      validFrom: deps.clock.now().toISOString(),
      credentialSubject: {
        id: `${statusLists}/${statusListId(purpose, list)}#list`,
        type: 'BitstringStatusList',
        statusPurpose: purpose,
        encodedList: encodeStatusList(row.bits),
      },
    });
    signedLists.set(key, { rev: row.rev, compact });
    return compact;
  };

  return {
    issue,
    reissue,
    wallet,
    read,
    accessLog,
    changeStatus,
    verify,
    verifyOfd,
    verifyById,
    jwks,
    statusListCredential,
  };
};

export type LicenceService = ReturnType<typeof createLicenceService>;
