// 办件记录 the case's journal: every action on a case (submission, acceptance, each review opinion, 补正,
// extension, decision, delivery) is appended as one entry and never changed. Each entry carries the hash of
// the one before, so the journal is a hash chain: editing, removing or reordering any entry after the fact
// breaks it, and an audit (or a court, when a decision is challenged) can check the record on its own.
// Cutting entries off the end leaves a shorter chain that still verifies; that is caught by comparing
// `lastHash` and the count with the head kept on the case itself.
import { createHash } from 'node:crypto';

export interface HistoryActor {
  sub: string;
  name: string;
  role: string;
  department?: string;
}

export interface HistoryEntryInput {
  caseNumber: string;
  /** ISO instant of the action. */
  at: string;
  actor: HistoryActor;
  action: string;
  statusBefore?: string;
  statusAfter: string;
  /** 办理意见 the reviewer's opinion, on the record as written. */
  opinion?: string;
  details?: Record<string, unknown>;
}

export interface HistoryEntry extends HistoryEntryInput {
  /** 1 for the first entry, then consecutive. */
  seq: number;
  /** `hash` of the previous entry; GENESIS_HASH for the first. */
  prevHash: string;
  /** SHA-256 (hex) of the canonical JSON of everything else in the entry. */
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * JSON with every object's keys in sorted order and undefined members dropped, so that the same entry
 * hashes the same whichever way it was built or read back from the store. Other values follow
 * JSON.stringify (dates by toJSON, undefined in arrays as null).
 */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (!isPlainObject(v)) return v;
    // No prototype, so a member named __proto__ stays a member like any other.
    const sorted: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(v).sort()) sorted[key] = v[key];
    return sorted;
  });

/** The hash of an entry; a `hash` member, if the object has one, is left out. */
export const hashEntry = (entry: Omit<HistoryEntry, 'hash'>): string => {
  const content = Object.fromEntries(Object.entries(entry).filter(([key]) => key !== 'hash'));
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
};

/** What the next entry links to: the last entry, or just its number and hash as a case row keeps them. */
export type ChainHead = Pick<HistoryEntry, 'caseNumber' | 'seq' | 'hash'>;

/**
 * The next entry after `previous` (undefined for a case's first). The input is copied, so changing the
 * caller's objects later cannot silently alter what was recorded.
 * @throws RangeError when the input belongs to another case than `previous`.
 */
export const chainEntry = (previous: ChainHead | undefined, input: HistoryEntryInput): HistoryEntry => {
  if (previous && previous.caseNumber !== input.caseNumber)
    throw new RangeError(`entry for ${input.caseNumber} cannot follow one of ${previous.caseNumber}`);
  const body = {
    ...structuredClone(input),
    seq: previous ? previous.seq + 1 : 1,
    prevHash: previous ? previous.hash : GENESIS_HASH,
  };
  return { ...body, hash: hashEntry(body) };
};

export interface ChainReport {
  intact: boolean;
  entries: number;
  /** Hash of the last entry, to compare with the head kept on the case. */
  lastHash?: string;
  /** seq (position, from 1) of the first entry that does not hold. */
  brokenAt?: number;
  problem?: string;
}

/** Checks a case's journal in order: consecutive seq from 1, one case number, each link and each hash. */
export const verifyChain = (entries: readonly HistoryEntry[]): ChainReport => {
  const broken = (position: number, problem: string): ChainReport => ({
    intact: false,
    entries: entries.length,
    brokenAt: position,
    problem,
  });
  let prevHash = GENESIS_HASH;
  for (const [i, entry] of entries.entries()) {
    const position = i + 1;
    if (entry.seq !== position) return broken(position, `entry ${position} has seq ${entry.seq}`);
    if (hashEntry(entry) !== entry.hash) return broken(position, 'hash does not match the entry');
    if (entry.prevHash !== prevHash) return broken(position, 'prevHash does not match the previous entry');
    if (entry.caseNumber !== entries[0]!.caseNumber)
      return broken(position, `caseNumber ${entry.caseNumber} differs from ${entries[0]!.caseNumber}`);
    prevHash = entry.hash;
  }
  return entries.length === 0
    ? { intact: true, entries: 0 }
    : { intact: true, entries: entries.length, lastHash: prevHash };
};
