// 发布放假安排 an admin publishes the State Council's holiday arrangement of a year: checked against the
// national holiday regulation (shared/holiday-arrangement.ts), kept as data in the table (every function
// counts with it within seconds, no redeploy), and then every open case whose deadline it changes is counted
// again — one transaction per case guarded by its revision, with a history entry saying what moved and why,
// and the due date of its open tasks moved along. Sending the same arrangement again changes nothing
// published and finishes a recount that was cut short.
import type { WorkingCalendar } from '../../shared/calendar.ts';
import { type CaseRecord, openTaskStatuses } from '../../shared/cases/case.ts';
import type { Deadline } from '../../shared/cases/deadline.ts';
import { type CaseStatus, lifecycle } from '../../shared/cases/lifecycle.ts';
import { conflict, validationFailed } from '../../shared/errors.ts';
import { type ArrangementInput, arrangementProblems } from '../../shared/holiday-arrangement.ts';
import type { Principal } from '../../shared/identity.ts';
import { ArrangementConflict, type ArrangementStore, type PublishedArrangement } from '../calendar/store.ts';
import { actorOf, type CaseContext, journal } from './context.ts';
import { noDueDate } from './keys.ts';

/** Cases recounted at once; each is its own transaction. */
const parallelCases = 8;

const recountable: ReadonlySet<CaseStatus> = new Set(lifecycle['recompute-deadline'].from);

/** Deadlines stored before `provisional` existed count as firm. */
const sameDeadline = (a: Deadline | undefined, b: Deadline) =>
  a !== undefined &&
  a.dueDate === b.dueDate &&
  a.statutoryDueDate === b.statutoryDueDate &&
  a.limitDays === b.limitDays &&
  a.pausedDays === b.pausedDays &&
  (a.provisional ?? false) === b.provisional;

const sameContent = (a: PublishedArrangement, b: ArrangementInput) =>
  JSON.stringify([a.notice, a.holidays, a.workdays]) === JSON.stringify([b.notice, b.holidays, b.workdays]);

const summary = (d: Deadline) => ({
  dueDate: d.dueDate,
  statutoryDueDate: d.statutoryDueDate,
  provisional: d.provisional ?? false,
});

export const createCalendarPublication = (ctx: CaseContext, arrangements: ArrangementStore) => {
  const { store, calendars } = ctx.deps;

  /** What a case's deadline counts: a bundle follows its item with the longest promised limit. */
  const subjectOf = (record: CaseRecord): CaseRecord | undefined => {
    if (record.kind !== 'bundle') return record;
    const items = record.items ?? [];
    if (items.length === 0) return undefined;
    return { ...record, item: items.reduce((a, b) => (b.promisedDays > a.promisedDays ? b : a)) };
  };

  /** The case's deadline on the new calendar when publishing changes it; undefined otherwise. */
  const recounted = (record: CaseRecord, before: WorkingCalendar, after: WorkingCalendar) => {
    const subject = subjectOf(record);
    if (!recountable.has(record.status) || !record.deadline || !subject) return undefined;
    const next = ctx.deadlineOf(subject, after);
    if (!next) return undefined;
    // While the clock stands (补正, special procedure) the stored deadline predates the pause's days, so the
    // two calendars are compared as of now; otherwise the stored deadline is what the earlier calendar gave
    // (or a container that had not yet read the publication), and is compared as it is.
    const previous = record.pauses.some((p) => !p.to) ? ctx.deadlineOf(subject, before) : record.deadline;
    return sameDeadline(previous, next) ? undefined : next;
  };

  const recount = (
    caseNumber: string,
    p: Principal,
    published: PublishedArrangement,
    before: WorkingCalendar,
    after: WorkingCalendar,
  ) =>
    ctx.mutate(caseNumber, ({ record, tasks }) => {
      const next = recounted(record, before, after);
      if (!next) return { change: { cases: [] }, result: false };
      const expectedRev = record.rev;
      const previous = record.deadline!;
      record.deadline = next;
      record.updatedAt = ctx.now().toISOString();
      const history = journal(record, {
        at: record.updatedAt,
        actor: actorOf(p),
        action: 'recompute-deadline',
        statusBefore: record.status,
        details: {
          year: published.year,
          ...(published.notice ? { notice: published.notice } : {}),
          before: summary(previous),
          after: summary(next),
        },
      });
      const moved = tasks
        .filter(
          (t) => openTaskStatuses.has(t.status) && t.dueDate !== undefined && t.dueDate !== next.dueDate,
        )
        .map((t) => ({ task: { ...t, dueDate: next.dueDate }, expectedRev: t.rev }));
      return {
        change: { cases: [{ record, expectedRev }], tasks: moved, history: [history] },
        result: true,
      };
    });

  /** Every open case (the supervision index lists them all), then the bundles of the open child cases. */
  const recountOpenCases = async (
    p: Principal,
    published: PublishedArrangement,
    before: WorkingCalendar,
    after: WorkingCalendar,
  ) => {
    const recomputed: string[] = [];
    const failed: Array<{ caseNumber: string; reason: string }> = [];
    let checked = 0;
    const run = async (caseNumbers: string[]) => {
      for (let i = 0; i < caseNumbers.length; i += parallelCases) {
        await Promise.all(
          caseNumbers.slice(i, i + parallelCases).map(async (caseNumber) => {
            try {
              if (await recount(caseNumber, p, published, before, after)) recomputed.push(caseNumber);
            } catch (error) {
              const reason = error instanceof Error ? error.message : String(error);
              failed.push({ caseNumber, reason });
              ctx.deps.log?.('deadline not recounted', { caseNumber, reason });
            }
          }),
        );
      }
    };
    const bundles = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await store.openCases(noDueDate, 100, cursor);
      checked += page.items.length;
      for (const r of page.items) if (r.parent) bundles.add(r.parent);
      await run(page.items.filter((r) => recounted(r, before, after)).map((r) => r.caseNumber));
      cursor = page.cursor;
    } while (cursor);
    checked += bundles.size;
    await run([...bundles]);
    return { checked, recomputed: recomputed.sort(), failed };
  };

  /**
   * Publishes the arrangement of `year` and recounts the open cases it concerns.
   * @throws DomainError 400 with every problem of the arrangement, 409 when another admin published the same
   * year at the same moment.
   */
  const publish = async (year: number, input: ArrangementInput, p: Principal) => {
    const problems = arrangementProblems(year, input);
    if (problems.length > 0)
      throw validationFailed(
        problems.map((i) => ({ path: `body.${i.path}`, message: i.message })),
        `This is not an arrangement of ${year}.`,
      );
    const earlier = await arrangements.all(true);
    const existing = earlier.find((a) => a.year === year);
    const unchanged = existing !== undefined && sameContent(existing, input);
    let published = existing;
    if (!published || !unchanged) {
      try {
        published = await arrangements.put(
          {
            year,
            holidays: input.holidays,
            workdays: input.workdays,
            ...(input.notice ? { notice: input.notice } : {}),
            publishedAt: ctx.now().toISOString(),
            publishedBy: { sub: p.sub, name: p.name },
          },
          existing?.rev ?? 'new',
        );
      } catch (error) {
        if (error instanceof ArrangementConflict)
          throw conflict(`Someone else published the arrangement of ${year} at the same moment: try again.`);
        throw error;
      }
    }
    // Sent again unchanged, the recount finishes against the year as it was before this arrangement.
    const before = calendars.build(unchanged ? earlier.filter((a) => a.year !== year) : earlier);
    const after = await calendars.reload();
    const cases = await recountOpenCases(p, published, before, after);
    return { arrangement: published, calendar: after.year(year), cases };
  };

  return { publish };
};
