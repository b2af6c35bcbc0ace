// 办理时限 time limits: when a case falls due, and how supervision (效能监察) flags it. Limits count working
// days of the jurisdiction's calendar; the local date of acceptance (受理日期) is day 0 and does not count.
// The clock stops while the applicant corrects materials (补正) or a special procedure runs (特别程序:
// hearings, expert review, testing, which the law says are not counted in the limit), so each pause adds its
// working days back. Extensions (延期) are approved by the department's head but can never take a case past
// its statutory limit (法定时限): the promise to the citizen may grow, the law's limit may not. A due date
// counted over a year whose holiday arrangement is not published yet is provisional (暂定): it may move once
// the State Council's notice is out and an admin publishes it.
import { fromEpochDay, toEpochDay, toLocalDate, type WorkingCalendar } from '../calendar.ts';

export interface Pause {
  /** ISO instants with an offset; an open pause (still waiting for the applicant) has no `to`. */
  from: string;
  to?: string;
  kind: 'correction' | 'suspension' | 'payment';
}

export interface DeadlineInput {
  calendar: WorkingCalendar;
  /** IANA zone of the jurisdiction: the one that decides which local day an instant falls on. */
  timeZone: string;
  /** ISO instant of acceptance; its local date is day 0. */
  acceptedAt: string;
  /** 承诺时限 promised limit, working days. */
  promisedDays: number;
  /** 法定时限 statutory limit, working days. */
  statutoryDays: number;
  /** Approved extensions, in total. */
  extensionDays?: number;
  /** Intervals during which the clock stops. */
  pauses?: readonly Pause[];
  /** Closes an open pause. */
  now: Date;
}

export interface Deadline {
  /** Local date ('YYYY-MM-DD') by which the case must be concluded. */
  dueDate: string;
  /** min(promised + extension, statutory). */
  limitDays: number;
  /** Working days during which the clock stood still. */
  pausedDays: number;
  /** Where the statutory limit alone, plus the same pauses, would fall. */
  statutoryDueDate: string;
  /**
   * The due date was counted over days of a year without a published arrangement (its statutory holidays
   * only, see calendar.ts): it may move when that year's arrangement is published.
   */
  provisional: boolean;
}

const nonNegativeInteger = (name: string, value: number) => {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer: ${value}`);
};

// The offset is required: an instant without one would be read in the server's zone (UTC on Lambda) and
// could land on the wrong local day. Fields are range-checked because Date.parse rolls 30 February over.
const INSTANT =
  /^(\d{4}-\d{2}-\d{2})T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

const isRealDate = (date: string) => {
  try {
    toEpochDay(date);
    return true;
  } catch {
    return false;
  }
};

const instant = (name: string, text: string): Date => {
  const match = INSTANT.exec(text);
  const date = new Date(text);
  if (!match || Number.isNaN(date.getTime()) || !isRealDate(match[1]!))
    throw new RangeError(`${name} must be an ISO instant with an offset: ${JSON.stringify(text)}`);
  return date;
};

/**
 * Working days in the union of the pauses, each counted in (local start, local end] and never before the
 * day of acceptance: the clock had not started then, and overlapping pauses stop it only once. Also the last
 * day counted over (the acceptance day when nothing was paused).
 */
const pausedWorkingDays = (input: DeadlineInput, acceptedDate: string) => {
  const accepted = toEpochDay(acceptedDate);
  const spans: [number, number][] = [];
  for (const [i, pause] of (input.pauses ?? []).entries()) {
    const from = instant(`pauses[${i}].from`, pause.from);
    const to = pause.to === undefined ? input.now : instant(`pauses[${i}].to`, pause.to);
    if (pause.to !== undefined && to.getTime() < from.getTime())
      throw new RangeError(`pauses[${i}] ends before it starts`);
    const start = Math.max(accepted, toEpochDay(toLocalDate(from, input.timeZone)));
    const end = toEpochDay(toLocalDate(to, input.timeZone));
    if (end > start) spans.push([start, end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let current: [number, number] | undefined;
  const count = ([start, end]: [number, number]) =>
    input.calendar.workingDaysBetween(fromEpochDay(start), fromEpochDay(end));
  for (const span of spans) {
    if (current && span[0] <= current[1]) current[1] = Math.max(current[1], span[1]);
    else {
      if (current) total += count(current);
      current = [...span];
    }
  }
  if (current) total += count(current);
  return { days: total, through: fromEpochDay(Math.max(accepted, ...spans.map((span) => span[1]))) };
};

/**
 * The due date of a case and the figures behind it.
 * @throws RangeError on negative or fractional day counts, malformed instants, a pause that ends before it
 * starts, or an unknown time zone.
 */
export const computeDeadline = (input: DeadlineInput): Deadline => {
  const { calendar, promisedDays, statutoryDays, extensionDays = 0 } = input;
  nonNegativeInteger('promisedDays', promisedDays);
  nonNegativeInteger('statutoryDays', statutoryDays);
  nonNegativeInteger('extensionDays', extensionDays);
  if (Number.isNaN(input.now.getTime())) throw new RangeError('now is an invalid Date');
  const acceptedDate = toLocalDate(instant('acceptedAt', input.acceptedAt), input.timeZone);
  const paused = pausedWorkingDays(input, acceptedDate);
  const pausedDays = paused.days;
  // A promise converted from other units can exceed the statutory limit by rounding; the law wins.
  const limitDays = Math.min(promisedDays + extensionDays, statutoryDays);
  const dueDate = calendar.addWorkingDays(acceptedDate, limitDays + pausedDays);
  return {
    dueDate,
    limitDays,
    pausedDays,
    statutoryDueDate: calendar.addWorkingDays(acceptedDate, statutoryDays + pausedDays),
    provisional: calendar.isProvisional(acceptedDate, dueDate > paused.through ? dueDate : paused.through),
  };
};

/** How many more working days of extension may still be granted before the statutory limit is reached. */
export const maxExtensionDays = (promisedDays: number, statutoryDays: number, extensionDays = 0): number => {
  nonNegativeInteger('promisedDays', promisedDays);
  nonNegativeInteger('statutoryDays', statutoryDays);
  nonNegativeInteger('extensionDays', extensionDays);
  return Math.max(0, statutoryDays - promisedDays - extensionDays);
};

/** 红黄牌 supervision: yellow (`due-soon`) a few working days ahead, red (`overdue`) once the date passed. */
export type SupervisionFlag = 'on-time' | 'due-soon' | 'overdue';

/**
 * Working days left until `dueDate` as seen on `today` (0 on the due date itself). Once the due date has
 * passed it is minus the working days since, and at least −1, so the sign alone says overdue even on the
 * weekend right after a Friday deadline.
 */
export const workingDaysLeft = (calendar: WorkingCalendar, dueDate: string, today: string): number => {
  const due = toEpochDay(dueDate);
  const now = toEpochDay(today);
  if (now <= due) return calendar.workingDaysBetween(today, dueDate);
  return -Math.max(1, calendar.workingDaysBetween(dueDate, today));
};

export const supervisionFlag = (
  calendar: WorkingCalendar,
  dueDate: string,
  today: string,
  dueSoonDays = 2,
): SupervisionFlag => {
  nonNegativeInteger('dueSoonDays', dueSoonDays);
  const left = workingDaysLeft(calendar, dueDate, today);
  if (left < 0) return 'overdue';
  return left <= dueSoonDays ? 'due-soon' : 'on-time';
};
