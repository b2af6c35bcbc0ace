// 受理与办理 what the window and the departments do to a case outside the department tasks: accept it (the
// clock starts and the workflow with it), refuse it (不予受理), ask once for everything missing (补正) and take
// the applicant's answer, extend the limit (延期), suspend for a special procedure (特别程序) and resume, and
// the applicant's withdrawal (撤回). A one-thing bundle is accepted, corrected and withdrawn as a whole.
import type { MaterialSubmission } from '../../shared/cases/application.ts';
import { checkForm, checkMaterials, citedDocuments } from '../../shared/cases/application.ts';
import {
  type CaseRecord,
  type Correction,
  type MissingItem,
  openTaskStatuses,
  type Suspension,
  type TaskRecord,
} from '../../shared/cases/case.ts';
import { maxExtensionDays } from '../../shared/cases/deadline.ts';
import { type CaseAction, type CaseStatus, transition } from '../../shared/cases/lifecycle.ts';
import { conflict, forbidden, validationFailed } from '../../shared/errors.ts';
import type { Principal } from '../../shared/identity.ts';
import type { DomainEvent } from '../lib/events.ts';
import { submissionView } from './apply.ts';
import { actorOf, type CaseContext, journal, type Plan } from './context.ts';
import type { CaseChange } from './store.ts';

export interface AcceptanceInput {
  decision: 'accept' | 'reject' | 'correct';
  complete?: boolean;
  reasons?: string;
  missing?: MissingItem[];
}

export interface SupplementInput {
  materials: MaterialSubmission[];
  form?: Record<string, unknown>;
  note?: string;
}

const event = (type: string, record: CaseRecord, extra: Record<string, unknown> = {}): DomainEvent => ({
  type,
  detail: {
    caseNumber: record.caseNumber,
    status: record.status,
    department: record.handlingDepartment,
    ...extra,
  },
});

export const createHandling = (ctx: CaseContext) => {
  const { store, items, uploads, workflow } = ctx.deps;

  /** The window of the handling department, or the comprehensive window (综合窗口) of the service centre. */
  const assertWindow = (record: CaseRecord, p: Principal) => {
    if (p.department !== record.handlingDepartment && p.department !== 'zwfw')
      throw forbidden(`Case ${record.caseNumber} is accepted by the window of ${record.handlingDepartment}.`);
  };
  const assertInvolved = (record: CaseRecord, p: Principal) => {
    if (p.role === 'supervisor') return;
    if (!p.department || !record.departments.includes(p.department))
      throw forbidden(`Your department has no part in case ${record.caseNumber}.`);
  };
  const assertApplicant = (record: CaseRecord, p: Principal) => {
    if (record.submittedBy !== p.sub) throw forbidden('Only the applicant may do this.');
  };
  const assertNotChild = (record: CaseRecord, what: string) => {
    if (record.kind === 'child')
      throw conflict(
        `Case ${record.caseNumber} belongs to bundle case ${record.parent}: ${what} the bundle case.`,
      );
  };

  /** A bundle's children, read alongside the parent so the whole bundle changes in one transaction. */
  const childrenOf = async (record: CaseRecord) => {
    const loaded = await Promise.all((record.children ?? []).map((n) => store.loadCase(n)));
    return loaded.map((c, i) => {
      if (!c) throw new Error(`Bundle ${record.caseNumber} names a missing child ${record.children?.[i]}`);
      return c;
    });
  };

  /** Moves one case by `action`, journals it and returns the rows of the change. */
  const step = (
    record: CaseRecord,
    action: CaseAction,
    p: Principal,
    entry: { opinion?: string; details?: Record<string, unknown> } = {},
    to?: CaseStatus,
  ) => {
    const before = record.status;
    const after = to ?? transition(before, action, p.role);
    const expectedRev = record.rev;
    record.status = after;
    record.updatedAt = ctx.now().toISOString();
    const history = journal(record, {
      at: record.updatedAt,
      actor: actorOf(p),
      action,
      statusBefore: before,
      statusAfter: after,
      ...entry,
    });
    return { record, expectedRev, history };
  };

  const assemble = (steps: ReturnType<typeof step>[], tasks: CaseChange['tasks'] = []): CaseChange => ({
    cases: steps.map((s) => ({ record: s.record, expectedRev: s.expectedRev })),
    history: steps.map((s) => s.history),
    tasks,
  });

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
        events.push(...all.map((r) => event('CaseNotAccepted', r)));
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
        events.push(event('CorrectionRequested', record, { source: 'acceptance', items: missing.length }));
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
          event(onTheSpot ? 'CaseCompleted' : 'CaseAccepted', r, { promisedBy: r.deadline?.dueDate }),
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

  /** 补正 the applicant's answer: every missing material and field must be answered, then the clock runs on. */
  const supplement = (caseNumber: string, p: Principal, input: SupplementInput) =>
    ctx.mutate(caseNumber, async ({ record, tasks }) => {
      assertNotChild(record, 'supplement');
      assertApplicant(record, p);
      transition(record.status, 'supplement', p.role);
      const correction = record.correction!;
      const children = record.kind === 'bundle' ? await childrenOf(record) : [];
      const itemRefs = record.item ? [record.item] : (record.items ?? []);
      const versions = await Promise.all(itemRefs.map((r) => items.version(r.code, r.version)));
      const issues = [];
      const given = new Set(input.materials.map((m) => m.materialId));
      const form = { ...record.form, ...(input.form ?? {}) };
      correction.missing.forEach((m, i) => {
        if (m.materialId && !given.has(m.materialId))
          issues.push({
            path: 'body.materials',
            message: `须补正材料 ${m.materialId} (missing[${i}]: ${m.reason})`,
          });
        if (m.field && !(input.form && m.field in input.form))
          issues.push({ path: `body.form.${m.field}`, message: `须补正此项 (missing[${i}]: ${m.reason})` });
      });
      for (const v of versions)
        if (v) issues.push(...checkForm(`${v.implementationCode}@${v.version}`, v.formSchema, form));
      const { uploadKeys, licenceIds } = citedDocuments(input.materials);
      const facts = {
        uploads: new Map(await Promise.all(uploadKeys.map(async (k) => [k, await uploads.head(k)] as const))),
        licences: new Map(
          await Promise.all(licenceIds.map(async (id) => [id, await store.getLicence(id)] as const)),
        ),
      };
      const today = ctx.today();
      issues.push(
        ...checkMaterials({
          item: {
            materials: versions.flatMap((v) => v?.materials ?? []).map((m) => ({ ...m, required: false })),
          },
          submissions: input.materials,
          applicantId: record.applicant.idNumber ?? record.applicant.creditCode ?? '',
          facts,
          today,
          latestDeferral: record.deadline?.dueDate ?? today,
        }),
      );
      if (issues.length > 0) throw validationFailed(issues, 'The supplement does not answer the correction.');

      const replaceMaterials = (current: MaterialSubmission[]) => [
        ...current.filter((m) => !given.has(m.materialId)),
        ...input.materials,
      ];
      const at = ctx.now().toISOString();
      const all = [record, ...children.map((c) => c.record)];
      const changedTasks: NonNullable<CaseChange['tasks']> = [];
      const steps = all.map((r) => {
        r.form = r === record ? form : r.form;
        r.materials = replaceMaterials(r.materials);
        const open = r.pauses.find((x) => !x.to && x.kind === 'correction');
        if (open) open.to = at;
        delete r.correction;
        if (r.acceptedAt) r.deadline = ctx.deadlineOf(r);
        return step(
          r,
          'supplement',
          p,
          { opinion: input.note, details: { materials: [...given] } },
          correction.returnTo,
        );
      });
      if (correction.taskId) {
        const task = tasks.find((t) => t.taskId === correction.taskId);
        if (task && task.status === 'correction')
          changedTasks.push({
            task: { ...task, status: 'pending', dueDate: record.deadline?.dueDate },
            expectedRev: task.rev,
          });
      }
      return {
        change: assemble(steps, changedTasks),
        events: [event('CaseSupplemented', record, { source: correction.source })],
        result: submissionView(record),
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
        events: [event('CaseExtended', record, { days: input.days, promisedBy: record.deadline?.dueDate })],
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
        events: [event('CaseSuspended', record, { kind: input.kind })],
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
        events: [event('CaseResumed', record)],
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
        events: all.map((r) => event('CaseWithdrawn', r)),
        result: submissionView(record),
        after: async () => {
          for (const n of running) await workflow.stop(n, 'withdrawn by the applicant');
        },
      };
    });

  return { accept, supplement, extend, suspend, resume, withdraw };
};

/** A bundle is due when its slowest item is: the parent's deadline follows the longest promised limit. */
const longest = (children: CaseRecord[]) =>
  children.map((c) => c.item!).reduce((a, b) => (b.promisedDays > a.promisedDays ? b : a));
