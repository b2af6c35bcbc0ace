// 办件记录 the hash-chained journal: a journal as the cases feature writes it verifies; any edit to any field
// of any entry, a removal or a reordering is found at the entry where it happened; hashing does not depend
// on the order keys were written in.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  chainEntry,
  GENESIS_HASH,
  type HistoryEntry,
  type HistoryEntryInput,
  hashEntry,
  verifyChain,
} from '../../../shared/cases/history.ts';

const CASE = '330902-20261201-000123-8';
const clerk = { sub: 'u-clerk', name: '王窗口', role: 'clerk', department: 'zwfw' };
const reviewer = { sub: 'u-rev', name: '李审核', role: 'reviewer', department: 'scjgj' };

const inputs: HistoryEntryInput[] = [
  {
    caseNumber: CASE,
    at: '2026-12-01T09:00:00+08:00',
    actor: clerk,
    action: 'submit',
    statusAfter: 'SUBMITTED',
  },
  {
    caseNumber: CASE,
    at: '2026-12-01T10:30:00+08:00',
    actor: clerk,
    action: 'accept',
    statusBefore: 'SUBMITTED',
    statusAfter: 'ACCEPTED',
    details: { dueDate: '2026-12-15', limitDays: 10 },
  },
  {
    caseNumber: CASE,
    at: '2026-12-02T14:00:00+08:00',
    actor: reviewer,
    action: 'request-correction',
    statusBefore: 'ACCEPTED',
    statusAfter: 'CORRECTION_REQUESTED',
    opinion: '请补正：经营场所证明缺少产权人签字',
    details: { missing: [{ materialId: 'm-03', reason: '缺少签字' }] },
  },
  {
    caseNumber: CASE,
    at: '2026-12-03T09:15:00+08:00',
    actor: reviewer,
    action: 'approve',
    statusBefore: 'IN_REVIEW',
    statusAfter: 'APPROVED',
    opinion: '同意',
  },
];

const chainOf = (list: readonly HistoryEntryInput[]) => {
  const chain: HistoryEntry[] = [];
  for (const input of list) chain.push(chainEntry(chain.at(-1), input));
  return chain;
};

const journal = chainOf(inputs);

describe('chainEntry', () => {
  it('numbers entries from 1 and links each to the hash of the one before', () => {
    expect(journal.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(journal[0]!.prevHash).toBe(GENESIS_HASH);
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
    for (let i = 1; i < journal.length; i++) expect(journal[i]!.prevHash).toBe(journal[i - 1]!.hash);
    for (const entry of journal) expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes the canonical JSON of everything but the hash, with SHA-256', () => {
    const { hash, ...rest } = journal[1]!;
    expect(hash).toBe(createHash('sha256').update(canonicalJson(rest)).digest('hex'));
    expect(hashEntry(journal[1]!)).toBe(hash);
  });

  it('keeps what was recorded when the caller later changes its objects', () => {
    const details: Record<string, unknown> = { note: 'as written' };
    const entry = chainEntry(undefined, { ...inputs[0]!, details });
    details.note = 'rewritten';
    expect(entry.details).toEqual({ note: 'as written' });
    expect(verifyChain([entry]).intact).toBe(true);
  });

  it('refuses to continue another case', () => {
    expect(() => chainEntry(journal[0], { ...inputs[1]!, caseNumber: '330902-20261201-000124-X' })).toThrow(
      RangeError,
    );
  });
});

describe('verifyChain', () => {
  it('finds an untouched journal intact and reports its head', () => {
    expect(verifyChain(journal)).toEqual({ intact: true, entries: 4, lastHash: journal[3]!.hash });
    expect(verifyChain([])).toEqual({ intact: true, entries: 0 });
  });

  it('survives a round trip through JSON, as the store gives entries back', () => {
    expect(verifyChain(JSON.parse(JSON.stringify(journal))).intact).toBe(true);
  });

  // Every field an entry has, and fields it could have gained.
  const edits: Record<string, (e: HistoryEntry) => HistoryEntry> = {
    caseNumber: (e) => ({ ...e, caseNumber: '330902-20261201-000124-X' }),
    at: (e) => ({ ...e, at: '2026-12-04T09:00:00+08:00' }),
    'actor.sub': (e) => ({ ...e, actor: { ...e.actor, sub: 'u-other' } }),
    'actor.name': (e) => ({ ...e, actor: { ...e.actor, name: '张三' } }),
    'actor.role': (e) => ({ ...e, actor: { ...e.actor, role: 'admin' } }),
    'actor.department': (e) => ({ ...e, actor: { ...e.actor, department: 'gaj' } }),
    action: (e) => ({ ...e, action: 'reject' }),
    statusBefore: (e) => ({ ...e, statusBefore: 'DRAFT' }),
    statusAfter: (e) => ({ ...e, statusAfter: 'REJECTED' }),
    opinion: (e) => ({ ...e, opinion: '不同意' }),
    details: (e) => ({ ...e, details: { ...e.details, limitDays: 99 } }),
    seq: (e) => ({ ...e, seq: e.seq + 10 }),
    prevHash: (e) => ({ ...e, prevHash: 'f'.repeat(64) }),
    hash: (e) => ({ ...e, hash: 'e'.repeat(64) }),
  };

  it('finds an edit of any field of any entry, at that entry', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(edits)),
        fc.integer({ min: 0, max: journal.length - 1 }),
        (field, i) => {
          const edited = journal.map((e, j) => (j === i ? edits[field]!(e) : e));
          const report = verifyChain(edited);
          expect(report.intact).toBe(false);
          expect(report.brokenAt).toBe(i + 1);
          expect(report.problem).toBeDefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds a re-hashed edit at the next link, or by the head when it is the last entry', () => {
    for (const [i, entry] of journal.entries()) {
      const { hash: _, ...rest } = { ...entry, opinion: '同意（改）' };
      const forged = { ...rest, hash: hashEntry(rest) };
      const report = verifyChain(journal.map((e, j) => (j === i ? forged : e)));
      // The forged entry holds on its own, so the next link breaks; a forged last entry changes only the head.
      if (i < journal.length - 1) expect(report).toMatchObject({ intact: false, brokenAt: i + 2 });
      else expect(report).toMatchObject({ intact: true, entries: journal.length });
      expect(report.lastHash).not.toBe(journal.at(-1)!.hash);
    }
  });

  it('finds a removed entry where the gap is', () => {
    for (let i = 0; i < journal.length - 1; i++) {
      const report = verifyChain(journal.filter((_, j) => j !== i));
      expect(report).toMatchObject({ intact: false, brokenAt: i + 1 });
    }
  });

  it('shows a cut-off tail only as a different head', () => {
    const report = verifyChain(journal.slice(0, -1));
    expect(report.intact).toBe(true);
    expect(report.entries).toBe(3);
    expect(report.lastHash).not.toBe(journal.at(-1)!.hash);
  });

  it('finds any reordering at the first entry out of place', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(journal, { minLength: journal.length }), (shuffled) => {
        const firstMoved = shuffled.findIndex((e, j) => e !== journal[j]);
        fc.pre(firstMoved >= 0);
        expect(verifyChain(shuffled)).toMatchObject({ intact: false, brokenAt: firstMoved + 1 });
      }),
    );
  });

  it('refuses an entry of another case, even one correctly chained', () => {
    const { hash: _, ...rest } = { ...journal[1]!, caseNumber: '330902-20261201-000124-X' };
    const foreign = { ...rest, hash: hashEntry(rest) };
    const report = verifyChain([journal[0]!, foreign]);
    expect(report).toMatchObject({ intact: false, brokenAt: 2 });
    expect(report.problem).toMatch(/caseNumber/);
  });

  it('refuses a first entry that does not start from the genesis hash', () => {
    const { hash: _, ...rest } = { ...journal[0]!, prevHash: journal[1]!.hash };
    expect(verifyChain([{ ...rest, hash: hashEntry(rest) }])).toMatchObject({ intact: false, brokenAt: 1 });
  });
});

describe('canonicalJson', () => {
  const json = fc.jsonValue();

  /** The same value rebuilt with every object's keys in a shuffled order. */
  const reordered = (value: unknown, seed: number): unknown => {
    if (Array.isArray(value)) return value.map((v, i) => reordered(v, seed + i));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    const order = keys.map((k, i) => [k, (i * 7919 + seed * 104_729) % 1_000_003] as const);
    order.sort((a, b) => a[1] - b[1]);
    return Object.fromEntries(
      order.map(([k]) => [k, reordered((value as Record<string, unknown>)[k], seed + 1)]),
    );
  };

  it('does not depend on key order, at any depth', () => {
    fc.assert(
      fc.property(json, fc.nat(), (value, seed) => {
        expect(canonicalJson(reordered(value, seed))).toBe(canonicalJson(value));
      }),
      { numRuns: 500 },
    );
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: 3 } })).toBe(
      '{"a":{"c":3,"d":[{"x":2,"y":1}]},"b":1}',
    );
  });

  it('drops undefined members, so an absent and an undefined optional field hash alike', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    const { details: _, ...withoutDetails } = journal[0]!;
    expect(hashEntry({ ...withoutDetails, details: undefined })).toBe(journal[0]!.hash);
  });

  it('reads back as the same value', () => {
    expect(canonicalJson(JSON.parse('{"__proto__":[],"a":1}'))).toBe('{"__proto__":[],"a":1}');
    fc.assert(
      fc.property(json, (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});
