// 查询 reading cases: the applicant's own list, a department's queue, one case (only for those with a part in
// it; anyone else gets 404), its history and the check of its hash chain, the public progress page (with the
// query code, no personal data) and supervision's list of cases near or past their deadline (电子监察).
// Wherever a promised date shows, `provisional` says whether it was counted over a year whose holiday
// arrangement is not published yet (it may still move).
import { timingSafeEqual } from 'node:crypto';
import {
  type CaseRecord,
  maskApplicant,
  openTaskStatuses,
  progressView,
  type TaskRecord,
} from '../../shared/cases/case.ts';
import { type SupervisionFlag, supervisionFlag, workingDaysLeft } from '../../shared/cases/deadline.ts';
import { verifyChain } from '../../shared/cases/history.ts';
import {
  allowedActions,
  type CaseStatus,
  concludedStatuses,
  statusNames,
} from '../../shared/cases/lifecycle.ts';
import { forbidden, notFound } from '../../shared/errors.ts';
import { type Principal, staffRoles } from '../../shared/identity.ts';
import { mask } from '../../shared/sealed.ts';
import type { CaseContext } from './context.ts';
import { publicTask } from './review.ts';

const sameCode = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The window queue's stand-in for every department at once. */
export const everyDepartment = '*';

export const createReading = (ctx: CaseContext) => {
  const { store, calendars } = ctx.deps;

  const summary = (r: CaseRecord) => ({
    caseNumber: r.caseNumber,
    kind: r.kind,
    itemName: r.item?.name ?? r.bundle?.name,
    itemCode: r.item?.code ?? r.bundle?.code,
    status: r.status,
    statusName: statusNames[r.status],
    handlingDepartment: r.handlingDepartment,
    applicantType: r.applicant.type,
    ...(r.agent ? { byAgent: true } : {}),
    ...(r.item ? { promisedDays: r.item.promisedDays } : {}),
    submittedAt: r.submittedAt,
    ...(r.deadline ? { promisedBy: r.deadline.dueDate, provisional: r.deadline.provisional ?? false } : {}),
    ...(r.children ? { children: r.children } : {}),
    updatedAt: r.updatedAt,
  });

  /** Every department's cases in one status, oldest first: one query per department, merged. */
  const everyQueue = async (status: CaseStatus, limit: number) => {
    const pages = await Promise.all(
      ctx.deps.jurisdiction.departments.map((d) => store.queue(d.code, status, limit)),
    );
    return pages
      .flatMap((page) => page.items)
      .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.caseNumber.localeCompare(b.caseNumber))
      .slice(0, limit);
  };

  /**
   * Applicants see their own cases; staff the cases of a department in one status (the window's queue):
   * their own department's, or — for the service centre (综合窗口), supervisors and admins — any
   * department's, or every department's at once (`*`, the first `limit` of them, without paging).
   */
  const list = async (
    p: Principal,
    query: { status?: CaseStatus; department?: string; limit: number; cursor?: string },
  ) => {
    const department = query.department ?? p.department ?? '';
    if (staffRoles.has(p.role) && department !== p.department) {
      const wide = p.department === 'zwfw' || p.role === 'supervisor' || p.role === 'admin';
      if (!wide) throw forbidden(`Your queue is that of department ${p.department}.`);
    }
    if (staffRoles.has(p.role) && department === everyDepartment)
      return { cases: (await everyQueue(query.status ?? 'SUBMITTED', query.limit)).map(summary) };
    const page = staffRoles.has(p.role)
      ? await store.queue(department, query.status ?? 'SUBMITTED', query.limit, query.cursor)
      : await store.mine(p.sub, query.limit, query.cursor);
    const items =
      !staffRoles.has(p.role) && query.status
        ? page.items.filter((r) => r.status === query.status)
        : page.items;
    return { cases: items.map(summary), ...(page.cursor ? { cursor: page.cursor } : {}) };
  };

  const view = (record: CaseRecord, tasks: TaskRecord[], p: Principal) => {
    const own = p.sub === record.submittedBy || p.sub === record.applicant.sub;
    const handling = p.department === record.handlingDepartment || p.department === 'zwfw';
    const { queryCode, rev: _rev, historyHead: _head, sealed: _sealed, ...rest } = record;
    return {
      ...rest,
      ...(own ? { queryCode } : {}),
      // Everyone sees the applicant's numbers masked (the applicant knows theirs; staff check identity
      // against the ID card material); the clear values are opened only to issue a licence.
      applicant: maskApplicant(record.applicant),
      ...(record.agent?.idNumber
        ? { agent: { ...record.agent, idNumber: mask('id-number', record.agent.idNumber) } }
        : {}),
      // The recipient's address is for the applicant and the window that sends the result.
      ...(record.delivery && !own && !handling ? { delivery: { method: record.delivery.method } } : {}),
      statusName: statusNames[record.status],
      promisedBy: record.deadline?.dueDate,
      ...(record.deadline ? { provisional: record.deadline.provisional ?? false } : {}),
      tasks: tasks.map(publicTask),
      actions: allowedActions(record.status),
      // Supervision's card for a case still open; a concluded case is judged by its history.
      ...(record.deadline && !own && !concludedStatuses.has(record.status) ? { flag: flagOf(record) } : {}),
    };
  };

  const get = async (caseNumber: string, p: Principal) => {
    const { record, tasks } = await ctx.visibleCase(caseNumber, p);
    return view(record, tasks, p);
  };

  const history = async (caseNumber: string, p: Principal) => {
    await ctx.visibleCase(caseNumber, p);
    const entries = await store.history(caseNumber);
    return { caseNumber, entries };
  };

  const verify = async (caseNumber: string, p: Principal) => {
    const { record } = await ctx.visibleCase(caseNumber, p);
    const entries = await store.history(caseNumber);
    const report = verifyChain(entries);
    // The case row carries the chain's head: a dropped last entry shows up here.
    const headMatches = report.lastHash === record.historyHead && entries.length === record.historyLength;
    return {
      caseNumber,
      ...report,
      intact: report.intact && headMatches,
      ...(report.intact && !headMatches
        ? { problem: 'the chain does not end at the head recorded on the case' }
        : {}),
    };
  };

  /** Public, with the query code: a wrong code and an unknown case look the same. */
  const progress = async (caseNumber: string, queryCode: string) => {
    const state = await store.loadCase(caseNumber);
    if (!state || !sameCode(state.record.queryCode, queryCode.toUpperCase()))
      throw notFound(`No case ${caseNumber}.`);
    return progressView(
      state.record,
      state.tasks.filter((t) => openTaskStatuses.has(t.status)),
    );
  };

  const flagOf = (r: CaseRecord): SupervisionFlag => {
    const deadline = ctx.deadlineOf(r) ?? r.deadline;
    return deadline ? supervisionFlag(calendars.current(), deadline.dueDate, ctx.today()) : 'on-time';
  };

  /** 电子监察 yellow (due soon) and red (overdue) cards, recomputed against today and the current pauses. */
  const supervision = async (query: { flag: 'due-soon' | 'overdue'; limit: number; department?: string }) => {
    const today = ctx.today();
    const calendar = calendars.current();
    // Cases due within the next few working days are the only candidates for either flag; paused cases
    // may have moved out, which the recomputation below catches.
    const horizon = calendar.addWorkingDays(today, 3);
    const out: Array<
      ReturnType<typeof summary> & {
        flag: SupervisionFlag;
        dueDate: string;
        provisional: boolean;
        workingDaysLeft: number;
        overdueAt?: string;
        handlingDepartment: string;
      }
    > = [];
    let cursor: string | undefined;
    do {
      const page = await store.openCases(horizon, 100, cursor);
      for (const r of page.items) {
        if (query.department && !r.departments.includes(query.department)) continue;
        const deadline = ctx.deadlineOf(r) ?? r.deadline;
        if (!deadline) continue;
        const flag = supervisionFlag(calendar, deadline.dueDate, today);
        if (flag !== query.flag) continue;
        out.push({
          ...summary(r),
          flag,
          dueDate: deadline.dueDate,
          provisional: deadline.provisional,
          workingDaysLeft: workingDaysLeft(calendar, deadline.dueDate, today),
          handlingDepartment: r.handlingDepartment,
          ...(r.overdueAt ? { overdueAt: r.overdueAt } : {}),
        });
      }
      cursor = page.cursor;
    } while (cursor && out.length < query.limit);
    return { flag: query.flag, today, cases: out.slice(0, query.limit) };
  };

  return { list, get, history, verify, progress, supervision };
};
