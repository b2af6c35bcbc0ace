// Working-day calendar (工作日历): statutory time limits count working days. A day is a working day when it
// is Monday–Friday and not a holiday, or when it is a make-up working day (调休). National holidays and
// make-up days come from the maintained `chinese-days` data (2004 to the latest State Council notice);
// each jurisdiction adds its own (Tibet: 藏历新年, 雪顿节). A local holiday wins over a national make-up
// day, because a region that declares a holiday closes its offices that day. Years the national data does
// not cover yet fall back to plain weekends.
import national from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { Jurisdiction } from './jurisdiction.ts';

export interface CalendarDay {
  date: string;
  name: string;
  scope: 'national' | 'local';
}

const dayMs = 86_400_000;
const toEpochDay = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / dayMs);
const fromEpochDay = (day: number) => new Date(day * dayMs).toISOString().slice(0, 10);
/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
const weekday = (epochDay: number) => (((epochDay + 4) % 7) + 7) % 7;

const chineseName = (entry: string) => entry.split(',')[1] ?? entry;

const nationalHolidays = new Map(Object.entries(national.holidays).map(([d, v]) => [d, chineseName(v)]));
const nationalWorkdays = new Map(Object.entries(national.workdays).map(([d, v]) => [d, chineseName(v)]));
const coveredYears = [...new Set([...nationalHolidays.keys()].map((d) => Number(d.slice(0, 4))))].sort();

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone. */
export const toLocalDate = (instant: Date, timeZone = 'Asia/Shanghai') =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );

export class WorkingCalendar {
  /** Epoch days that are off although Monday–Friday, and on although Saturday/Sunday. */
  private readonly off = new Map<number, CalendarDay>();
  private readonly on = new Map<number, CalendarDay>();

  private constructor(config: Jurisdiction['calendar']) {
    for (const [date, name] of nationalHolidays)
      this.off.set(toEpochDay(date), { date, name, scope: 'national' });
    for (const [date, name] of nationalWorkdays)
      this.on.set(toEpochDay(date), { date, name, scope: 'national' });
    for (const { date, name } of config.localWorkdays)
      this.on.set(toEpochDay(date), { date, name, scope: 'local' });
    for (const { date, name } of config.localHolidays) {
      const day = toEpochDay(date);
      this.off.set(day, { date, name, scope: 'local' });
      this.on.delete(day);
    }
  }

  static forJurisdiction(config: Jurisdiction['calendar']) {
    return new WorkingCalendar(config);
  }

  private isWorkingEpochDay(day: number) {
    if (this.on.has(day)) return true;
    if (this.off.has(day)) return false;
    const wd = weekday(day);
    return wd !== 0 && wd !== 6;
  }

  isWorkingDay(date: string) {
    return this.isWorkingEpochDay(toEpochDay(date));
  }

  /**
   * The date of the `days`-th working day after `start` (the day of acceptance does not count). With 0,
   * `start` itself if it is a working day, else the next working day.
   */
  addWorkingDays(start: string, days: number) {
    let day = toEpochDay(start);
    if (days <= 0) {
      while (!this.isWorkingEpochDay(day)) day++;
      return fromEpochDay(day);
    }
    let left = days;
    while (left > 0) {
      day++;
      if (this.isWorkingEpochDay(day)) left--;
    }
    return fromEpochDay(day);
  }

  /** Working days in (from, to]; 0 when `to` is not after `from`. */
  workingDaysBetween(from: string, to: string) {
    const end = toEpochDay(to);
    let count = 0;
    for (let day = toEpochDay(from) + 1; day <= end; day++) if (this.isWorkingEpochDay(day)) count++;
    return count;
  }

  /** Off days that fall on weekdays (holidays) and weekend days that are worked (调休), national and local. */
  year(year: number) {
    const inYear = (d: CalendarDay) => d.date.startsWith(`${year}-`);
    const byDate = (a: CalendarDay, b: CalendarDay) => a.date.localeCompare(b.date);
    return {
      year,
      nationalDataAvailable: coveredYears.includes(year),
      holidays: [...this.off.values()].filter(inYear).sort(byDate),
      workdays: [...this.on.values()].filter(inYear).sort(byDate),
    };
  }

  coveredYears() {
    return [...coveredYears];
  }
}
