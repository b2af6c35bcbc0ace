// 并联审批 department review: the state machine registers each department task with its callback token
// (plan → await), reviewers claim and decide their tasks, and a decision answers the token. A stage's
// completion rule is applied here: under "any", the first approval closes the stage's other tasks. A denial
// fails the token and the workflow ends the case as denied; a reviewer's correction request pauses the case
// (the token keeps waiting) until the applicant supplements. A timed-out wait marks the case overdue and
// the machine waits again; the case never fails for being late. Moving the workflow after a decision is
// `answerDecision`: run at once after the commit, and again by the follow-up consumer of TaskDecided until
// the engine has heard it (./follow-up.ts), so a decision on record is never left waiting for a timeout.
import { addCalendarDays } from '../../shared/calendar.ts';
import {
  type CaseRecord,
  type MissingItem,
  openTaskStatuses,
  parseTaskId,
  planWorkflow,
  type TaskRecord,
} from '../../shared/cases/case.ts';
import { supervisionFlag, workingDaysLeft } from '../../shared/cases/deadline.ts';
import { concludedStatuses, transition } from '../../shared/cases/lifecycle.ts';
import { conflict, forbidden, notFound, validationFailed } from '../../shared/errors.ts';
import { domainEvent, EventType } from '../../shared/events.ts';
import type { Principal } from '../../shared/identity.ts';
import { actorOf, type CaseContext, journal, systemActor, type WorkflowEngine } from './context.ts';
import type { CaseChange } from './store.ts';

export interface DecisionInput {
  decision: 'approve' | 'deny' | 'correct';
  opinion: string;
  missing?: MissingItem[];
}

/** How long a callback waits before supervision looks at the case again, at the least and once overdue. */
const minimumWaitSeconds = 60;
const overdueRecheckSeconds = 24 * 3600;

/**
 * Moves the workflow past a decided task: an approval answers its token (and, under "any", the tokens of
 * the tasks it closed, as closed); a denial fails it. A token the engine no longer waits for is no error
 * (answered before, or replaced after a timeout, when awaitDecision answers the new one).
 */
export const answerDecision = async (
  workflow: WorkflowEngine,
  task: TaskRecord,
  closed: readonly TaskRecord[],
) => {
  if (!task.token) return;
  if (task.status === 'approved') {
    await workflow.succeed(task.token, { taskId: task.taskId, decision: 'approve' });
    for (const s of closed)
      if (s.token) await workflow.succeed(s.token, { taskId: s.taskId, decision: 'closed' });
  } else if (task.status === 'denied') {
    await workflow.fail(task.token, 'Denied', task.taskId);
  }
};

export const createReview = (ctx: CaseContext) => {
  const { store, items, workflow } = ctx.deps;

  /** Seconds from now until the end of the case's due date (UTC+8, China's only zone), at least a minute. */
  const secondsUntilDue = (record: CaseRecord) => {
    const due = record.deadline?.dueDate;
    if (!due) return overdueRecheckSeconds;
    const end = Date.parse(`${addCalendarDays(due, 1)}T00:00:00+08:00`);
    return Math.max(minimumWaitSeconds, Math.ceil((end - ctx.now().getTime()) / 1000));
  };

  /** The case a task id names; a malformed id is an unknown task. */
  const caseOfTask = (taskId: string) => {
    const parts = parseTaskId(taskId);
    if (!parts) throw notFound(`No task ${taskId}.`);
    return parts.caseNumber;
  };

  /** The task within the case just loaded, for a reviewer of its department only. */
  const taskFor = (tasks: readonly TaskRecord[], taskId: string, p: Principal) => {
    const task = tasks.find((t) => t.taskId === taskId);
    if (!task) throw notFound(`No task ${taskId}.`);
    assertDepartment(task, p);
    return task;
  };

  const assertDepartment = (task: TaskRecord, p: Principal) => {
    if (p.department !== task.department)
      throw forbidden(`Task ${task.taskId} belongs to department ${task.department}.`);
  };

  /** Journals an action on one task and returns the change (case row + task row + history entry). */
  const taskChange = (
    record: CaseRecord,
    task: TaskRecord,
    updated: TaskRecord,
    entry: {
      actor: ReturnType<typeof actorOf>;
      action: string;
      opinion?: string;
      statusAfter?: CaseRecord['status'];
      details?: Record<string, unknown>;
    },
    extraTasks: NonNullable<CaseChange['tasks']> = [],
  ): CaseChange => {
    const expectedRev = record.rev;
    const before = record.status;
    record.updatedAt = ctx.now().toISOString();
    if (entry.statusAfter) record.status = entry.statusAfter;
    const history = journal(record, {
      at: record.updatedAt,
      actor: entry.actor,
      action: entry.action,
      statusBefore: before,
      statusAfter: record.status,
      ...(entry.opinion ? { opinion: entry.opinion } : {}),
      details: { taskId: task.taskId, department: task.department, ...(entry.details ?? {}) },
    });
    return {
      cases: [{ record, expectedRev }],
      tasks: [{ task: updated, expectedRev: task.rev === 0 ? 'new' : task.rev }, ...extraTasks],
      history: [history],
    };
  };

  // --- the state machine's side ---------------------------------------------------------------------

  /** The stages and tasks of the case's workflow, from the item version the case was accepted under. */
  const plan = async (caseNumber: string) => {
    const record = await store.getCase(caseNumber);
    if (!record?.item) throw notFound(`No item case ${caseNumber}.`);
    const item = await items.version(record.item.code, record.item.version);
    if (!item)
      throw new Error(
        `Case ${caseNumber} names a missing item version ${record.item.code}@${record.item.version}`,
      );
    const timeoutSeconds = secondsUntilDue(record);
    return {
      stages: planWorkflow(caseNumber, item.workflow).map((s) => ({
        stage: s.stage,
        completion: s.completion,
        tasks: s.tasks.map((t) => ({ caseNumber, taskId: t.taskId, timeoutSeconds })),
      })),
    };
  };

  /**
   * A callback task starts waiting: the task is created (or, after a timeout, given its new token). A task
   * already decided while no token was current is answered at once, so no decision is ever lost.
   */
  const awaitDecision = async (caseNumber: string, taskId: string, token: string) => {
    const parts = parseTaskId(taskId);
    if (!parts || parts.caseNumber !== caseNumber)
      throw new Error(`Task ${taskId} is not of case ${caseNumber}`);
    const answered = await ctx.mutate(caseNumber, async ({ record, tasks }) => {
      const existing = tasks.find((t) => t.taskId === taskId);
      if (existing) {
        const updated = { ...existing, token };
        return {
          change: { cases: [], tasks: [{ task: updated, expectedRev: existing.rev }] },
          result: existing,
        };
      }
      const item = record.item ? await items.version(record.item.code, record.item.version) : undefined;
      const stage = item ? planWorkflow(caseNumber, item.workflow)[parts.stage - 1] : undefined;
      const planned = stage?.tasks.find((t) => t.taskId === taskId);
      if (!stage || !planned) throw new Error(`Task ${taskId} is not in the workflow of ${caseNumber}`);
      const task: TaskRecord = {
        taskId,
        caseNumber,
        itemName: record.item?.name ?? '',
        stage: stage.stage,
        stageName: stage.name,
        completion: stage.completion,
        index: planned.index,
        name: planned.name,
        department: planned.department,
        status: concludedStatuses.has(record.status) ? 'cancelled' : 'pending',
        assignedAt: ctx.now().toISOString(),
        ...(record.deadline ? { dueDate: record.deadline.dueDate } : {}),
        token,
        rev: 0,
      };
      const starting = record.status === 'ACCEPTED';
      const change = taskChange(record, task, task, {
        actor: systemActor,
        action: 'assign-task',
        ...(starting ? { statusAfter: transition(record.status, 'start-review', 'system') } : {}),
        details: { stage: stage.name, task: planned.name },
      });
      const assigned = domainEvent(EventType.TaskAssigned, {
        caseNumber,
        taskId,
        department: task.department,
        status: task.status,
        dueDate: task.dueDate,
      });
      return { change, events: [assigned], result: task };
    });
    // Decided while the token changed hands: answer the new token with the decision on record.
    if (answered.status === 'approved' || answered.status === 'cancelled') {
      await workflow.succeed(token, {
        taskId,
        decision: answered.status === 'approved' ? 'approve' : 'closed',
      });
    } else if (answered.status === 'denied') {
      await workflow.fail(token, 'Denied', taskId);
    }
  };

  /** A wait timed out: flag the case if it is past its deadline, and say how long to wait next. */
  const overdue = async (caseNumber: string, taskId: string) => {
    const next = await ctx.mutate(caseNumber, ({ record }) => {
      const deadline = ctx.deadlineOf(record);
      const late = deadline !== undefined && ctx.today() > deadline.dueDate;
      if (!late || record.overdueAt || concludedStatuses.has(record.status)) {
        return { change: { cases: [] }, result: late ? overdueRecheckSeconds : secondsUntilDue(record) };
      }
      const expectedRev = record.rev;
      record.overdueAt = ctx.now().toISOString();
      record.deadline = deadline;
      record.updatedAt = record.overdueAt;
      const history = journal(record, {
        at: record.overdueAt,
        actor: systemActor,
        action: 'mark-overdue',
        statusBefore: record.status,
        details: { dueDate: deadline.dueDate, taskId },
      });
      return {
        change: { cases: [{ record, expectedRev }], history: [history] },
        events: [
          domainEvent(EventType.CaseOverdue, {
            caseNumber,
            dueDate: deadline.dueDate,
            department: record.handlingDepartment,
          }),
        ],
        result: overdueRecheckSeconds,
      };
    });
    return { caseNumber, taskId, timeoutSeconds: next };
  };

  /** The workflow ended: the case completes with its result, or as denied; a bundle when all its items have. */
  const complete = async (
    caseNumber: string,
    outcome: 'approved' | 'denied',
    result: { deniedTask?: string; licenceId?: string } = {},
  ) => {
    const record = await ctx.mutate(caseNumber, async ({ record, tasks }) => {
      if (concludedStatuses.has(record.status)) return { change: { cases: [] }, result: record };
      const at = ctx.now().toISOString();
      const expectedRev = record.rev;
      const before = record.status;
      const denial =
        tasks.find((t) => t.taskId === result.deniedTask) ?? tasks.find((t) => t.status === 'denied');
      // The licence the workflow's Issue state sealed for this case, if the item issues one.
      const issued = result.licenceId ? { licenceId: result.licenceId } : undefined;
      record.status = transition(record.status, outcome === 'approved' ? 'complete' : 'deny', 'system');
      record.result =
        outcome === 'approved'
          ? { outcome, name: record.item?.resultName, at, ...(issued ?? {}) }
          : { outcome, at, ...(denial?.opinion ? { reasons: denial.opinion } : {}) };
      record.updatedAt = at;
      const closed = tasks
        .filter((t) => openTaskStatuses.has(t.status))
        .map((t) => ({ task: { ...t, status: 'cancelled' as const, decidedAt: at }, expectedRev: t.rev }));
      const history = journal(record, {
        at,
        actor: systemActor,
        action: outcome === 'approved' ? 'complete' : 'deny',
        statusBefore: before,
        ...(record.result.reasons ? { opinion: record.result.reasons } : {}),
        details: { outcome, ...(denial ? { taskId: denial.taskId } : {}), ...(issued ?? {}) },
      });
      return {
        change: { cases: [{ record, expectedRev }], tasks: closed, history: [history] },
        events: [
          domainEvent(outcome === 'approved' ? EventType.CaseCompleted : EventType.CaseDenied, {
            caseNumber,
            status: record.status,
            department: record.handlingDepartment,
            kind: record.kind,
            ...(issued ?? {}),
          }),
        ],
        result: record,
      };
    });
    if (record.parent) await completeBundle(record.parent);
    return { caseNumber, status: record.status };
  };

  /** 一件事 the parent completes when every child has: completed if all were approved, else denied. */
  const completeBundle = (parentNumber: string) =>
    ctx.mutate(parentNumber, async ({ record }) => {
      if (concludedStatuses.has(record.status)) return { change: { cases: [] }, result: undefined };
      const children = await Promise.all((record.children ?? []).map((n) => store.getCase(n)));
      if (children.some((c) => !c || !concludedStatuses.has(c.status)))
        return { change: { cases: [] }, result: undefined };
      const allApproved = children.every((c) => c?.status === 'COMPLETED');
      const at = ctx.now().toISOString();
      const expectedRev = record.rev;
      const before = record.status;
      record.status = allApproved ? 'COMPLETED' : 'DENIED';
      record.result = { outcome: allApproved ? 'approved' : 'denied', at, name: record.bundle?.name };
      record.updatedAt = at;
      const history = journal(record, {
        at,
        actor: systemActor,
        action: allApproved ? 'complete' : 'deny',
        statusBefore: before,
        details: { children: children.map((c) => `${c?.caseNumber}:${c?.status}`) },
      });
      return {
        change: { cases: [{ record, expectedRev }], history: [history] },
        events: [
          domainEvent(allApproved ? EventType.CaseCompleted : EventType.CaseDenied, {
            caseNumber: parentNumber,
            status: record.status,
            department: record.handlingDepartment,
            kind: record.kind,
          }),
        ],
        result: undefined,
      };
    });

  // --- the reviewers' side --------------------------------------------------------------------------

  const list = async (p: Principal, status: 'pending' | 'done', limit: number, cursor?: string) => {
    if (!p.department) throw forbidden('Only department staff have task queues.');
    const page = await store.tasks(p.department, status === 'pending', limit, cursor);
    const calendar = ctx.deps.calendars.current();
    const today = ctx.today();
    // An open task's working days left and its supervision card, counted here on the jurisdiction's calendar.
    const timing = (t: TaskRecord) =>
      t.dueDate && openTaskStatuses.has(t.status)
        ? {
            workingDaysLeft: workingDaysLeft(calendar, t.dueDate, today),
            flag: supervisionFlag(calendar, t.dueDate, today),
          }
        : {};
    return {
      tasks: page.items.map((t) => ({ ...publicTask(t), ...timing(t) })),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    };
  };

  const claim = async (taskId: string, p: Principal) => {
    // One consistent read of the case and its tasks serves the checks and the change.
    return ctx.mutate(caseOfTask(taskId), ({ record, tasks }) => {
      const task = taskFor(tasks, taskId, p);
      if (task.status === 'claimed' && task.claimedBy?.sub === p.sub)
        return { change: { cases: [] }, result: publicTask(task) };
      if (task.status !== 'pending')
        throw conflict(
          `Task ${taskId} is ${task.status}${task.claimedBy ? ` (claimed by ${task.claimedBy.name})` : ''}.`,
          [{ path: 'status', message: task.status }],
        );
      const updated: TaskRecord = { ...task, status: 'claimed', claimedBy: { sub: p.sub, name: p.name } };
      return {
        change: taskChange(record, task, updated, { actor: actorOf(p), action: 'claim-task' }),
        result: publicTask(updated),
      };
    });
  };

  const decide = async (taskId: string, p: Principal, input: DecisionInput) => {
    const outcome = await ctx.mutate(caseOfTask(taskId), ({ record, tasks }) => {
      const task = taskFor(tasks, taskId, p);
      if (task.status !== 'pending' && task.status !== 'claimed')
        throw conflict(
          `Task ${taskId} is ${task.status}: it has been decided or is waiting for a correction.`,
          [{ path: 'status', message: task.status }],
        );
      if (task.status === 'claimed' && task.claimedBy?.sub !== p.sub)
        throw conflict(`Task ${taskId} is claimed by ${task.claimedBy?.name}.`, [
          { path: 'status', message: task.status },
        ]);
      const at = ctx.now().toISOString();
      const decided = { decidedBy: { sub: p.sub, name: p.name }, decidedAt: at, opinion: input.opinion };

      if (input.decision === 'correct') {
        const missing = input.missing ?? [];
        if (missing.length === 0)
          throw validationFailed([
            { path: 'body.missing', message: '一次性告知全部需补正的内容 (list everything missing)' },
          ]);
        const statusAfter = transition(record.status, 'request-task-correction', p.role);
        record.correction = {
          source: 'review',
          taskId,
          missing,
          requestedAt: at,
          by: { sub: p.sub, name: p.name, ...(p.department ? { department: p.department } : {}) },
          returnTo: 'IN_REVIEW',
        };
        record.pauses.push({ from: at, kind: 'correction' });
        const updated: TaskRecord = { ...task, status: 'correction', opinion: input.opinion };
        return {
          change: taskChange(record, task, updated, {
            actor: actorOf(p),
            action: 'request-correction',
            opinion: input.opinion,
            statusAfter,
            details: { missing },
          }),
          events: [
            domainEvent(EventType.CorrectionRequested, {
              caseNumber: record.caseNumber,
              status: record.status,
              department: task.department,
              source: 'review',
              items: missing.length,
              taskId,
            }),
          ],
          result: { task: updated },
        };
      }

      transition(record.status, 'decide-task', p.role);
      const approved = input.decision === 'approve';
      const updated: TaskRecord = { ...task, ...decided, status: approved ? 'approved' : 'denied' };
      // Under "any" the first approval settles the stage; a denial ends the workflow: close the others.
      const closeSiblings = !approved || task.completion === 'any';
      const siblings = closeSiblings
        ? tasks.filter(
            (t) =>
              t.taskId !== taskId &&
              openTaskStatuses.has(t.status) &&
              (approved ? t.stage === task.stage : true),
          )
        : [];
      const closed = siblings.map((t) => ({
        task: { ...t, status: 'cancelled' as const, decidedAt: at },
        expectedRev: t.rev,
      }));
      return {
        change: taskChange(
          record,
          task,
          updated,
          { actor: actorOf(p), action: approved ? 'approve-task' : 'deny-task', opinion: input.opinion },
          closed,
        ),
        events: [
          domainEvent(EventType.TaskDecided, {
            caseNumber: record.caseNumber,
            taskId,
            department: task.department,
            status: updated.status,
            decision: approved ? 'approve' : 'deny',
            closes: siblings.map((s) => s.taskId),
          }),
        ],
        result: { task: updated },
        // The decision is on record; now move the workflow. Should the engine be unreachable, the
        // follow-up consumer of TaskDecided answers again; a token that changed hands meanwhile is answered
        // by the next await (see awaitDecision).
        after: () => answerDecision(workflow, updated, siblings),
      };
    });
    return publicTask(outcome.task);
  };

  return { plan, awaitDecision, overdue, complete, list, claim, decide };
};

/** A task as staff see it: never its callback token. */
export const publicTask = ({ token: _token, rev: _rev, ...task }: TaskRecord) => task;
