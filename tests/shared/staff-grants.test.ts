// The grant journal as an audit would check it: intact when untouched, broken by any change to an entry,
// by removing or reordering entries, and by cutting the end off (the head on the profile no longer matches).
import { describe, expect, it } from 'vitest';
import { chainGrant, type GrantEntry, grantInputSchema, verifyGrants } from '../../shared/staff-grants.ts';

const by = { sub: 'admin-1', name: '孙管理' };
const journal = (): GrantEntry[] => {
  const first = chainGrant(undefined, {
    sub: 'u1',
    at: '2026-12-01T09:00:00.000Z',
    by,
    action: 'grant',
    department: 'scjgj',
    roles: ['reviewer'],
    reason: '新入职',
  });
  const second = chainGrant(first, {
    sub: 'u1',
    at: '2026-12-02T09:00:00.000Z',
    by,
    action: 'grant',
    department: 'scjgj',
    roles: ['reviewer', 'supervisor'],
    reason: '兼任监察',
  });
  const third = chainGrant(second, {
    sub: 'u1',
    at: '2026-12-03T09:00:00.000Z',
    by,
    action: 'revoke',
    roles: [],
    reason: '调岗',
  });
  return [first, second, third];
};
const headOf = (entries: GrantEntry[]) => ({ seq: entries.at(-1)!.seq, hash: entries.at(-1)!.hash });

describe('staff grant journal', () => {
  it('verifies an untouched journal against the head the profile keeps', () => {
    const entries = journal();
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(verifyGrants(entries, headOf(entries))).toBe(true);
    expect(verifyGrants([], undefined)).toBe(true);
  });

  it('fails when an entry is edited, removed, reordered or the end is cut off', () => {
    const entries = journal();
    const head = headOf(entries);
    const edited = entries.map((e, i) => (i === 1 ? { ...e, roles: ['admin' as const] } : e));
    expect(verifyGrants(edited, head)).toBe(false);
    expect(verifyGrants([entries[0]!, entries[2]!], head)).toBe(false);
    expect(verifyGrants([entries[1]!, entries[0]!, entries[2]!], head)).toBe(false);
    expect(verifyGrants(entries.slice(0, 2), head)).toBe(false);
  });

  it('needs a reason and each role once', () => {
    const bad = grantInputSchema.safeParse({ department: 'scjgj', roles: ['clerk', 'clerk'], reason: '' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['roles', 'reason']),
    );
  });
});
