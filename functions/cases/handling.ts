// 受理与办理 what the window and the departments do to a case outside the department tasks: accept it (the
// clock starts and the workflow with it), refuse it (不予受理) or ask once for everything missing (补正),
// extend the limit (延期), suspend for a special procedure (特别程序) and resume, and the applicant's
// withdrawal (撤回). A one-thing bundle is accepted, corrected and withdrawn as a whole; the applicant's
// answer to a correction is supplement.ts.
import {
  type CaseRecord,
  type Correction,
  type MissingItem,
  openTaskStatuses,
  type Suspension,
  submissionView,
  type TaskRecord,
} from '../../shared/cases/case.ts';
import { maxExtensionDays } from '../../shared/cases/deadline.ts';
import { transition } from '../../shared/cases/lifecycle.ts';
import { conflict, validationFailed } from '../../shared/errors.ts';
import { type DomainEvent, EventType } from '../../shared/events.ts';
import type { Principal } from '../../shared/identity.ts';
import type { CaseContext, Plan } from './context.ts';
import { createSteps, event } from './steps.ts';
import type { CaseChange } from './store.ts';

export interface AcceptanceInput {
  decision: 'accept' | 'reject' | 'correct';
  complete?: boolean;
  reasons?: string;
  missing?: MissingItem[];
}

export const createHandling = (ctx: CaseContext) => {
  const { items, workflow } = ctx.deps;
  const { assertWindow, assertInvolved, assertApplicant, assertNotChild, childrenOf, step, assemble } =
    createSteps(ctx);

  /** Everything missing must name a material of the case's items or a form field. */
  const missingIssues = async (record: CaseRecord, missing: MissingItem[]) => {
    const refs = record.item ? [record.item] : (record.items ?? []);
    const versions = await Promise.all(refs.map((r) => items.version(r.code, r.version)));
    const ids = new Set(versions.flatMap((v) => v?.materials.map((m) => m.id) ?? []));
    return missing.flatMap((m, i) => {
      if (m.materialId === undefined && m.field === undefined)
        return [
          { path: `body.missing.${i}`, message: '写明缺少的材料或表单项 (name a material or a field)' },
        ];
      if (m.materialId !== undefined && !ids.has(m.materialId))
        return [
          { path: `body.missing.${i}.materialId`, message: '不是本事项的材料 (not a material of this item)' },
        ];
      return [];
    });
  };

  const accept = (caseNumber: string, p: Principal, input: AcceptanceInput) =>
    ctx.mutate(caseNumber, async ({ record }): Promise<Plan<ReturnType<typeof submissionView>>> => {
      assertNotChild(record, 'accept');
      assertWindow(record, p);
      const children = record.kind === 'bundle' ? await childrenOf(record) : [];
      const all = [record, ...children.map((c) => c.record)];
      const at = ctx.now().toISOString();
      const events: DomainEvent[] = [];

      if (input.decision === 'reject') {
        if (!input.reasons)
          throw validationFailed([
            { path: 'body.reasons', message: '不予受理须说明理由 (give the reasons)' },
          ]);
        const steps = all.map((r) => {
          r.result = { outcome: 'not-accepted', reasons: input.reasons, at };
          return step(r, 'reject', p, { opinion: input.reasons });
        });
        events.push(...all.map((r) => event(EventType.CaseNotAccepted, r, {})));
        return { change: assemble(steps), events, result: submissionView(record) };
      }

      if (input.decision === 'correct') {
        const missing = input.missing ?? [];
        if (missing.length === 0)
          throw validationFailed([
            { path: 'body.missing', message: '一次性告知全部需补正的内容 (list everything missing)' },
          ]);
        const issues = await missingIssues(record, missing);
        if (issues.length > 0) throw validationFailed(issues);
        const correction: Correction = {
          source: 'acceptance',
          missing,
          requestedAt: at,
          by: { sub: p.sub, name: p.name, ...(p.department ? { department: p.department } : {}) },
          returnTo: 'SUBMITTED',
        };
        const steps = all.map((r) => {
          r.correction = correction;
          return step(r, 'request-correction', p, { opinion: input.reasons, details: { missing } });
        });
        events.push(
          event(EventType.CorrectionRequested, record, { source: 'acceptance', items: missing.length }),
        );
        return { change: assemble(steps), events, result: submissionView(record) };
      }

      // Accepted: the clock starts today; 即办件 may be concluded on the spot.
      const onTheSpot = input.complete === true;
      if (onTheSpot && all.some((r) => r.item && r.item.caseType !== 1))
        throw conflict('Only on-the-spot items (即办件) are completed at acceptance.');
      const steps = all.map((r) => {
        r.acceptedAt = at;
        r.acceptance = {
          noticeNumber: `${r.caseNumber}-SL`,
          by: { sub: p.sub, name: p.name, ...(p.department ? { department: p.department } : {}) },
        };
        delete r.correction;
        r.deadline = ctx.deadlineOf(
          r.kind === 'bundle' ? { ...r, item: longest(children.map((c) => c.record)) } : r,
        );
        if (onTheSpot) {
          r.result = { outcome: 'approved', name: r.item?.resultName, at };
          return step(r, 'accept-and-complete', p, { opinion: input.reasons, details: { onTheSpot: true } });
        }
        return step(r, 'accept', p, {
          opinion: input.reasons,
          details: { noticeNumber: r.acceptance.noticeNumber },
        });
      });
      events.push(
        ...all.map((r) =>
          onTheSpot
            ? event(EventType.CaseCompleted, r, { kind: r.kind })
            : event(EventType.CaseAccepted, r, { kind: r.kind, promisedBy: r.deadline?.dueDate }),
        ),
      );
      const toStart = onTheSpot ? [] : all.filter((r) => r.kind !== 'bundle').map((r) => r.caseNumber);
      return {
        change: assemble(steps),
        events,
        result: submissionView(record),
        after: async () => {
          for (const n of toStart) await workflow.start(n);
        },
      };
    });

  const extend = (caseNumber: string, p: Principal, input: { days: number; reasons: string }) =>
    ctx.mutate(caseNumber, ({ record }) => {
      assertNotChild(record, 'extend');
      const item = record.item;
      if (!item) throw conflict('A bundle case has no limit of its own: extend its item cases.');
      transition(record.status, 'extend', p.role);
      const max = maxExtensionDays(
        item.promisedDays,
        Math.max(item.statutoryDays, item.promisedDays),
        record.extensionDays,
      );
      if (input.days > max)
        throw validationFailed([
          {
            path: 'body.days',
            message: `延期不得超过法定时限：最多还可延长 ${max} 个工作日 (at most ${max} more days)`,
          },
        ]);
      const at = ctx.now().toISOString();
      record.extensionDays += input.days;
      record.extensions.push({
        days: input.days,
        reasons: input.reasons,
        at,
        by: { sub: p.sub, name: p.name },
      });
      record.deadline = ctx.deadlineOf(record);
      const s = step(record, 'extend', p, {
        opinion: input.reasons,
        details: { days: input.days, promisedBy: record.deadline?.dueDate },
      });
      return {
        change: assemble([s]),
        events: [
          event(EventType.CaseExtended, record, {
            days: input.days,
            promisedBy: record.deadline?.dueDate,
          }),
        ],
        result: { caseNumber, promisedBy: record.deadline?.dueDate, extensionDays: record.extensionDays },
      };
    });

  const suspend = (caseNumber: string, p: Principal, input: { kind: Suspension['kind']; reasons: string }) =>
    ctx.mutate(caseNumber, ({ record }) => {
      assertNotChild(record, 'suspend');
      assertInvolved(record, p);
      const at = ctx.now().toISOString();
      const s = step(record, 'suspend', p, { opinion: input.reasons, details: { kind: input.kind } });
      record.suspension = {
        kind: input.kind,
        reasons: input.reasons,
        at,
        by: { sub: p.sub, name: p.name, ...(p.department ? { department: p.department } : {}) },
      };
      record.pauses.push({ from: at, kind: 'suspension' });
      return {
        change: assemble([s]),
        events: [event(EventType.CaseSuspended, record, { kind: input.kind })],
        result: submissionView(record),
      };
    });

  const resume = (caseNumber: string, p: Principal, input: { note?: string }) =>
    ctx.mutate(caseNumber, ({ record }) => {
      assertNotChild(record, 'resume');
      assertInvolved(record, p);
      const at = ctx.now().toISOString();
      const open = record.pauses.find((x) => !x.to && x.kind === 'suspension');
      if (open) open.to = at;
      delete record.suspension;
      record.deadline = ctx.deadlineOf(record);
      const s = step(record, 'resume', p, {
        opinion: input.note,
        details: { promisedBy: record.deadline?.dueDate },
      });
      return {
        change: assemble([s]),
        events: [event(EventType.CaseResumed, record, { promisedBy: record.deadline?.dueDate })],
        result: submissionView(record),
      };
    });

  const withdraw = (caseNumber: string, p: Principal, input: { reasons?: string }) =>
    ctx.mutate(caseNumber, async ({ record, tasks }) => {
      assertNotChild(record, 'withdraw');
      assertApplicant(record, p);
      const children = record.kind === 'bundle' ? await childrenOf(record) : [];
      const at = ctx.now().toISOString();
      const cancelled: NonNullable<CaseChange['tasks']> = [];
      const cancel = (list: TaskRecord[]) => {
        for (const t of list)
          if (openTaskStatuses.has(t.status))
            cancelled.push({ task: { ...t, status: 'cancelled', decidedAt: at }, expectedRev: t.rev });
      };
      cancel(tasks);
      for (const c of children) cancel(c.tasks);
      const all = [record, ...children.map((c) => c.record).filter((r) => r.status !== 'WITHDRAWN')];
      const steps = all.map((r) => {
        const open = r.pauses.find((x) => !x.to);
        if (open) open.to = at;
        r.result = { outcome: 'withdrawn', reasons: input.reasons, at };
        return step(r, 'withdraw', p, { opinion: input.reasons });
      });
      const running = all.filter((r) => r.acceptedAt && r.kind !== 'bundle').map((r) => r.caseNumber);
      return {
        change: assemble(steps, cancelled),
        events: all.map((r) => event(EventType.CaseWithdrawn, r, { kind: r.kind })),
        result: submissionView(record),
        after: async () => {
          for (const n of running) await workflow.stop(n, 'withdrawn by the applicant');
        },
      };
    });

  return { accept, extend, suspend, resume, withdraw };
};

/** A bundle is due when its slowest item is: the parent's deadline follows the longest promised limit. */
const longest = (children: CaseRecord[]) =>
  children.map((c) => c.item!).reduce((a, b) => (b.promisedDays > a.promisedDays ? b : a));
