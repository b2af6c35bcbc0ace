// 跟进 the follow-up of decisions on record: the workflow engine must hear each of them. The use-cases call
// the engine right after their commit (the fast path); when that fails — the engine unreachable, a call
// refused — the change stands and its event comes here, again and again until the engine has heard it.
// Every call is idempotent: executions are named by their case number, a token already answered is no
// error, and stopping a stopped execution is harmless. Tokens never travel in events: they are read here
// from the task rows.
import { concludedStatuses } from '../../shared/cases/lifecycle.ts';
import type { CaseContext } from './context.ts';
import { answerDecision } from './review.ts';

export const createFollowUp = (ctx: CaseContext) => {
  const { store, workflow } = ctx.deps;

  /** 受理 the review of an accepted case runs: started (again) while no task has been registered yet. */
  const accepted = async (caseNumber: string) => {
    const record = await store.getCase(caseNumber);
    if (!record || record.kind === 'bundle' || record.status !== 'ACCEPTED') return 'nothing to do';
    await workflow.start(caseNumber);
    return 'started';
  };

  /** A task decision is answered to the engine with the token the task now holds. */
  const decided = async (caseNumber: string, taskId: string, closes: readonly string[]) => {
    const state = await store.loadCase(caseNumber);
    if (!state || concludedStatuses.has(state.record.status)) return 'nothing to do';
    const task = state.tasks.find((t) => t.taskId === taskId);
    if (!task || (task.status !== 'approved' && task.status !== 'denied')) return 'nothing to do';
    const closed = state.tasks.filter((t) => closes.includes(t.taskId) && t.status === 'cancelled');
    await answerDecision(workflow, task, closed);
    return 'answered';
  };

  /** 撤回 a withdrawn case's review stops. */
  const withdrawn = async (caseNumber: string) => {
    const record = await store.getCase(caseNumber);
    if (!record || record.kind === 'bundle' || record.status !== 'WITHDRAWN' || !record.acceptedAt)
      return 'nothing to do';
    await workflow.stop(caseNumber, 'withdrawn by the applicant');
    return 'stopped';
  };

  return { accepted, decided, withdrawn };
};
