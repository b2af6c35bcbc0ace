// The working-day calendar against the national data and the jurisdictions' own holidays, with
// property-based checks of the arithmetic statutory time limits rely on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadJurisdiction } from '../../infra/jurisdictions/index.ts';
import { toLocalDate, WorkingCalendar } from '../../shared/calendar.ts';

const dinghai = WorkingCalendar.forJurisdiction(loadJurisdiction('dinghai').calendar);
const ngari = WorkingCalendar.forJurisdiction(loadJurisdiction('ngari').calendar);
const dayMs = 86_400_000;
const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
const dates = fc
  .integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2026, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));

describe('WorkingCalendar', () => {
  it('knows national holidays, make-up working days and weekends', () => {
    expect(dinghai.isWorkingDay('2026-10-01')).toBe(false); // 国庆节
    expect(dinghai.isWorkingDay('2026-02-28')).toBe(true); // Saturday, 调休
    expect(dinghai.isWorkingDay('2026-03-07')).toBe(false);
    expect(dinghai.isWorkingDay('2026-03-09')).toBe(true);
  });

  it('keeps local holidays local: Losar closes Ngari, not Dinghai', () => {
    expect(ngari.isWorkingDay('2026-02-24')).toBe(false);
    expect(dinghai.isWorkingDay('2026-02-24')).toBe(true);
    expect(ngari.year(2026).holidays.some((d) => d.name === '雪顿节' && d.scope === 'local')).toBe(true);
  });

  it('counts working days after a date, skipping the Golden Week', () => {
    expect(dinghai.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(dinghai.workingDaysBetween('2026-09-30', '2026-10-08')).toBe(1);
  });

  it('lands every n ≥ 1 on a working day and counts back exactly n', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: 1, max: 60 }), (start, n) => {
        const end = dinghai.addWorkingDays(start, n);
        return dinghai.isWorkingDay(end) && dinghai.workingDaysBetween(start, end) === n && end > start;
      }),
    );
  });

  it('is monotonic in the number of days, strictly from one day on', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 40 }), (s, n) => {
        const [a, b] = [ngari.addWorkingDays(s, n), ngari.addWorkingDays(s, n + 1)];
        // Zero days from a holiday is the next working day, which is also one day from it.
        return n === 0 ? a <= b : a < b;
      }),
    );
  });

  it('agrees with a day-by-day count', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 90 }), (start, span) => {
        let count = 0;
        for (let d = 1; d <= span; d++) if (dinghai.isWorkingDay(shift(start, d))) count++;
        return dinghai.workingDaysBetween(start, shift(start, span)) === count;
      }),
    );
  });

  it('reads local dates in China time', () => {
    expect(toLocalDate(new Date('2026-10-07T17:00:00Z'))).toBe('2026-10-08');
  });
});
