// 办不成事: the day's record of what people could not get done — applications not accepted, applications
// denied, cases past their promised date, bad reviews — kept per day so the centre reviews them daily (日汇总)
// and looks at a week or a month of them together (周分析), by department and by kind.
import * as z from 'zod';

export const UNRESOLVED_KINDS = ['not-accepted', 'denied', 'overdue', 'bad-review'] as const;
export type UnresolvedKind = (typeof UNRESOLVED_KINDS)[number];

/** One thing someone could not get done, on the day it happened (the jurisdiction's local date). */
export interface UnresolvedEntry {
  date: string;
  kind: UnresolvedKind;
  caseNumber: string;
  department: string;
  itemName?: string;
  /** The reasons on record: the refusal's or denial's opinion, the review's comment. */
  reason?: string;
  /** ISO instant. */
  at: string;
}

export type UnresolvedCounts = Record<UnresolvedKind, number> & { total: number };

const emptyCounts = (): UnresolvedCounts => ({
  'not-accepted': 0,
  denied: 0,
  overdue: 0,
  'bad-review': 0,
  total: 0,
});

/** Counts by kind, overall and per department (departments with most first). */
export const summariseUnresolved = (entries: readonly UnresolvedEntry[]) => {
  const all = emptyCounts();
  const byDepartment = new Map<string, UnresolvedCounts>();
  for (const entry of entries) {
    const counts = byDepartment.get(entry.department) ?? emptyCounts();
    for (const c of [all, counts]) {
      c[entry.kind] += 1;
      c.total += 1;
    }
    byDepartment.set(entry.department, counts);
  }
  return {
    all,
    departments: [...byDepartment.entries()]
      .map(([department, counts]) => ({ department, ...counts }))
      .sort((a, b) => b.total - a.total || a.department.localeCompare(b.department)),
  };
};

const isoDate = z.iso.date();

/** A day, or a span of at most 31 days (a week's or a month's analysis). */
export const unresolvedQuery = z
  .object({
    from: isoDate.optional().describe('First day (the jurisdiction’s local date); today when omitted'),
    to: isoDate.optional().describe('Last day; the first day alone when omitted'),
    department: z.string().min(1).max(40).optional(),
  })
  .refine((q) => !q.to || !q.from || q.to >= q.from, {
    path: ['to'],
    message: '结束日期不能早于开始日期 (to is before from)',
  })
  .refine((q) => !q.to || !q.from || daysBetween(q.from, q.to) <= 30, {
    path: ['to'],
    message: '最多查询 31 天 (at most 31 days)',
  });

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** The days from `from` to `to`, both included. */
export const daysOf = (from: string, to = from) =>
  Array.from({ length: daysBetween(from, to) + 1 }, (_, i) =>
    new Date(Date.parse(from) + i * 86_400_000).toISOString().slice(0, 10),
  );
