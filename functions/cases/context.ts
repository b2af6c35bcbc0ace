// What every case use-case shares: its ports, the journal (each change appends hash-chained history in the
// same transaction, and records its domain events there too), the retry on a concurrent change of the case
// row, and who may see a case.
import { toLocalDate, type WorkingCalendar } from '../../shared/calendar.ts';
import type { CaseRecord, TaskRecord } from '../../shared/cases/case.ts';
import { computeDeadline } from '../../shared/cases/deadline.ts';
import {
  chainEntry,
  type HistoryActor,
  type HistoryEntry,
  type HistoryEntryInput,
} from '../../shared/cases/history.ts';
import type { CaseStatus } from '../../shared/cases/lifecycle.ts';
import type { Item } from '../../shared/catalogue/item.ts';
import type { Clock } from '../../shared/clock.ts';
import { conflict, notFound } from '../../shared/errors.ts';
import type { DomainEvent } from '../../shared/events.ts';
import type { Principal } from '../../shared/identity.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import type { CalendarSource } from '../calendar/source.ts';
import type { CaseSealing } from './sealing.ts';
import { type CaseChange, type CaseStore, ChangeConflict } from './store.ts';

/** 工作流 the engine that runs a case's multi-department workflow (Step Functions). */
export interface WorkflowEngine {
  /** Starts the workflow of a case; starting it again is harmless (the execution is named by the case). */
  start(caseNumber: string): Promise<void>;
  /** Answers a waiting task; false when the engine no longer waits for that token. */
  succeed(token: string, output: Record<string, unknown>): Promise<boolean>;
  fail(token: string, error: string, cause: string): Promise<boolean>;
  stop(caseNumber: string, cause: string): Promise<void>;
}

/** Published item versions, as the catalogue keeps them. */
export interface ItemSource {
  current(code: string): Promise<Item | undefined>;
  /**
   * The current version as this instance last read it, without a read when it has one: for a change that
   * checks the version is still current when it commits (CaseChange.items).
   */
  lastKnown(code: string): Promise<Item | undefined>;
  version(code: string, version: number): Promise<Item | undefined>;
  bundle(code: string): Promise<{ code: string; name: string; itemCodes: string[] } | undefined>;
}

/** What the platform knows about an uploaded object; only its uploader may cite it. */
export interface UploadStore {
  head(key: string, uploader: string): Promise<{ size: number; contentType: string } | undefined>;
}

export interface CaseDeps {
  store: CaseStore;
  items: ItemSource;
  workflow: WorkflowEngine;
  clock: Clock;
  jurisdiction: Jurisdiction;
  /** The working-day calendar with the published holiday arrangements; fresh at the start of each request. */
  calendars: CalendarSource;
  log?: (message: string, details: Record<string, unknown>) => void;
  /** Seals personal values before a case is stored: where the function binds personal-data:seal. */
  sealing?: CaseSealing;
}

export const actorOf = (p: Principal): HistoryActor => ({
  sub: p.sub,
  name: p.name,
  role: p.role,
  ...(p.department ? { department: p.department } : {}),
});

export const systemActor: HistoryActor = { sub: 'workflow', name: '流程引擎', role: 'system' };

/**
 * Appends an entry to the case's chain and moves the case's chain head: the entry and the case row are
 * written in the same transaction, so neither exists without the other.
 */
export const journal = (
  record: CaseRecord,
  input: Omit<HistoryEntryInput, 'caseNumber' | 'statusAfter'> & { statusAfter?: CaseStatus },
): HistoryEntry => {
  const head =
    record.historyLength > 0
      ? { caseNumber: record.caseNumber, seq: record.historyLength, hash: record.historyHead }
      : undefined;
  const entry = chainEntry(head, {
    ...input,
    caseNumber: record.caseNumber,
    statusAfter: input.statusAfter ?? record.status,
  });
  record.historyLength = entry.seq;
  record.historyHead = entry.hash;
  return entry;
};

export interface Plan<T> {
  change: CaseChange;
  /** Recorded in the change's transaction (the outbox); the event relay puts them on the bus. */
  events?: DomainEvent[];
  result: T;
  /**
   * Runs after the change is committed (engine calls): the fast path. Failures are logged and the change
   * stands; the follow-up consumer of the change's events makes the same calls again until they succeed.
   */
  after?: () => Promise<void>;
}

export const createContext = (deps: CaseDeps) => {
  const now = () => deps.clock.now();
  const today = () => toLocalDate(now(), deps.jurisdiction.timezone);

  /** The deadline of a case as its pauses and extensions stand at this moment (on another calendar if given). */
  const deadlineOf = (record: CaseRecord, calendar: WorkingCalendar = deps.calendars.current()) => {
    if (!record.acceptedAt || !record.item) return undefined;
    return computeDeadline({
      calendar,
      timeZone: deps.jurisdiction.timezone,
      acceptedAt: record.acceptedAt,
      promisedDays: record.item.promisedDays,
      statutoryDays: Math.max(record.item.statutoryDays, record.item.promisedDays),
      extensionDays: record.extensionDays,
      pauses: record.pauses,
      now: now(),
    });
  };

  /**
   * Loads the case, plans a change, commits it. A conflict on the case row alone (another change of the same
   * case landed first, e.g. a parallel department's decision) is retried on fresh state; a conflict on a
   * task or on an idempotency key is the caller's business and becomes a 409.
   */
  const mutate = async <T>(
    caseNumber: string,
    plan: (state: { record: CaseRecord; tasks: TaskRecord[] }) => Promise<Plan<T>> | Plan<T>,
    attempts = 8,
  ): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const state = await deps.store.loadCase(caseNumber);
      if (!state) throw notFound(`No case ${caseNumber}.`);
      const planned = await plan(state);
      try {
        await deps.store.commit(
          planned.events?.length
            ? { ...planned.change, outbox: { events: planned.events, at: now() } }
            : planned.change,
        );
      } catch (error) {
        if (error instanceof ChangeConflict) {
          // The case row and the next history entry are what every change of a case contends for.
          if (error.failed.every((f) => f === 'case' || f === 'history') && attempt < attempts) {
            await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
            continue;
          }
          if (error.failed.includes('task'))
            throw conflict('The task was changed by someone else: read it again.');
          throw conflict('The case was changed by someone else at the same moment: try again.');
        }
        throw error;
      }
      if (planned.after) {
        await planned.after().catch((error: unknown) => {
          deps.log?.('follow-up after a committed change failed', { caseNumber, error: String(error) });
        });
      }
      return planned.result;
    }
  };

  /** Staff of a department with a part in the case, supervisors and admins; applicants of their own cases. */
  const canSee = (record: CaseRecord, p: Principal) => {
    if (p.sub === record.submittedBy) return true;
    if (record.applicant.sub && p.sub === record.applicant.sub) return true;
    if (p.role === 'supervisor' || p.role === 'admin') return true;
    if (p.role === 'clerk' || p.role === 'reviewer') {
      return p.department === 'zwfw' && p.role === 'clerk'
        ? true
        : p.department !== undefined && record.departments.includes(p.department);
    }
    return false;
  };

  /** The case, or 404 for anyone who may not see it (so its existence is not leaked). */
  const visibleCase = async (caseNumber: string, p: Principal) => {
    const state = await deps.store.loadCase(caseNumber);
    if (!state || !canSee(state.record, p)) throw notFound(`No case ${caseNumber}.`);
    return state;
  };

  return { deps, now, today, deadlineOf, mutate, canSee, visibleCase };
};

export type CaseContext = ReturnType<typeof createContext>;
