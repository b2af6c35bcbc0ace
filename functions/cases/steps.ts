// The moves every case use-case makes: who may act on a case (the window, an involved department, the
// applicant), reading a bundle's children with it, and moving a case by one lifecycle action with its
// history entry — the rows one transaction then writes.
import type { CaseRecord } from '../../shared/cases/case.ts';
import { type CaseAction, type CaseStatus, transition } from '../../shared/cases/lifecycle.ts';
import { conflict, forbidden } from '../../shared/errors.ts';
import { type DomainEvent, domainEvent, type EventData, type EventType } from '../../shared/events.ts';
import type { Principal } from '../../shared/identity.ts';
import { actorOf, type CaseContext, journal } from './context.ts';
import type { CaseChange } from './store.ts';

/** Case event types whose data is the case's facts and, perhaps, a few more fields. */
type CaseEventType = {
  [T in EventType]: EventData<T> extends { caseNumber: string; status: string; department: string }
    ? T
    : never;
}[EventType];

/** An event of a case, with the facts every case event states (number, status, department) filled in. */
export const event = <T extends CaseEventType>(
  type: T,
  record: CaseRecord,
  extra: Omit<EventData<T>, 'caseNumber' | 'status' | 'department'>,
): DomainEvent<T> =>
  domainEvent(type, {
    ...extra,
    caseNumber: record.caseNumber,
    status: record.status,
    department: record.handlingDepartment,
  } as EventData<T>);

export const createSteps = (ctx: CaseContext) => {
  const { store } = ctx.deps;

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

  return { assertWindow, assertInvolved, assertApplicant, assertNotChild, childrenOf, step, assemble };
};

export type Steps = ReturnType<typeof createSteps>;
