// The working-day calendar a function counts with: the jurisdiction's own days plus the national
// arrangements admins published (no redeploy needed). Built once per container by the function's wiring: it
// loads the arrangements at the first request and checks for newer ones at most every few seconds, so a
// publication reaches every function within that time; the publishing container itself reloads at once.
import { WorkingCalendar } from '../../shared/calendar.ts';
import type { CalendarConfig } from '../../shared/jurisdiction.ts';
import type { ArrangementStore, PublishedArrangement } from './store.ts';

export const calendarRecheckMs = 5_000;

export interface CalendarSource {
  /** The calendar, after reading the arrangements again if the last read is older than the recheck time. */
  fresh(): Promise<WorkingCalendar>;
  /**
   * The calendar as last read: for synchronous counting within a request that began with `fresh()`.
   * @throws Error before the first read.
   */
  current(): WorkingCalendar;
  /** Reads the arrangements now (consistently) and returns the calendar they make. */
  reload(): Promise<WorkingCalendar>;
  /** The calendar some arrangements would make, without installing it. */
  build(arrangements: readonly PublishedArrangement[]): WorkingCalendar;
}

export const createCalendarSource = (
  store: Pick<ArrangementStore, 'all'>,
  config: CalendarConfig,
  options: {
    monotonicMs?: () => number;
    log?: (message: string, details: Record<string, unknown>) => void;
  } = {},
): CalendarSource => {
  const monotonicMs = options.monotonicMs ?? (() => performance.now());
  let calendar: WorkingCalendar | undefined;
  // Which revisions the calendar was built from: an unchanged read keeps it (building takes milliseconds).
  let builtFrom: string | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<WorkingCalendar> | undefined;

  const build = (arrangements: readonly PublishedArrangement[]) =>
    WorkingCalendar.forJurisdiction(config, arrangements);

  const read = async (consistent: boolean) => {
    const arrangements = await store.all(consistent);
    const signature = arrangements.map((a) => `${a.year}@${a.rev}`).join(',');
    if (!calendar || signature !== builtFrom) {
      calendar = build(arrangements);
      builtFrom = signature;
    }
    checkedAt = monotonicMs();
    return calendar;
  };

  /** One read at a time per container; concurrent requests wait for the same one. */
  const once = (consistent: boolean) => {
    reading ??= read(consistent).finally(() => {
      reading = undefined;
    });
    return reading;
  };

  return {
    fresh: async () => {
      if (!calendar) return once(false);
      if (monotonicMs() - checkedAt < calendarRecheckMs) return calendar;
      try {
        return await once(false);
      } catch (error) {
        // The last calendar stays good for a while: count with it and try again at the next request.
        options.log?.('holiday arrangements not read again', { error: String(error) });
        checkedAt = monotonicMs();
        return calendar;
      }
    },
    current: () => {
      if (!calendar) throw new Error('The calendar is read at the start of each request: call fresh() first');
      return calendar;
    },
    reload: async () => {
      await reading?.catch(() => undefined);
      return read(true);
    },
    build,
  };
};
