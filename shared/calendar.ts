// Working-day calendar (工作日历). Time limits (办结时限) count working days, so this module decides, for one
// jurisdiction, which dates its offices are open.
//
// A date is a working day when it is Monday–Friday and not a holiday, or when it is a make-up working day
// (调休). The national days of a year come from one source, shown as the year's `source`:
//   - 'published': the State Council's arrangement (国务院办公厅关于部分节假日安排的通知) — as an admin
//     published it on the platform, or else as the `chinese-days` package carries it (2004 up to the latest
//     notice it knows; `coveredYears()` says which years are published);
//   - 'statutory': a later year whose arrangement is not out yet (2025–2100): the statutory days of the
//     national holiday regulation and their 补假 (holiday-arrangement.ts), no make-up working days;
//   - 'weekends': anything else (before the package's data, after 2100): plain weekends.
// Counting over a year that is not 'published' is provisional: the dates may move once the notice is out.
//
// Local entries come from the jurisdiction's config. Precedence, strongest first:
//   1. local holiday — a region that closes its offices for 藏历新年 closes them even on a national make-up day;
//   2. national holiday — a local government cannot cancel a statutory national holiday (全国年节);
//   3. local make-up working day;  4. national make-up working day;  5. Monday–Friday.
//
// Dates are 'YYYY-MM-DD' strings in the jurisdiction's local time, handled as day numbers since 1970-01-01
// (epoch days) with integer arithmetic: no Date objects on the hot paths. Each calendar precomputes, for
// 2000–2100 (and any local dates outside it), whether each day is worked and a running count of working
// days, so counting is O(1) and adding is a binary search.
import national from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { epochDayOf, fromEpochDay, toEpochDay, weekdayOf } from './dates.ts';
import {
  type NationalArrangement,
  STATUTORY_RULES_SINCE,
  STATUTORY_RULES_UNTIL,
  statutoryHolidays,
} from './holiday-arrangement.ts';
import type { CalendarConfig } from './jurisdiction.ts';

export interface CalendarDay {
  date: string;
  name: string;
  scope: 'national' | 'local';
}

/** Where a year's national days come from (see the header). */
export type YearSource = 'published' | 'statutory' | 'weekends';

export interface CalendarYear {
  year: number;
  source: YearSource;
  /** True unless the year's arrangement is published: deadlines counted over it may still move. */
  provisional: boolean;
  /** The notice an admin published the year's arrangement under, and when. */
  notice?: string;
  publishedAt?: string;
  /** Days off that would otherwise be working days (Monday–Friday), national and local. */
  holidays: CalendarDay[];
  /** Saturdays and Sundays that are working days (调休), national and local. */
  workdays: CalendarDay[];
}

// ---------------------------------------------------------------------------------------------------------
// Date helpers on 'YYYY-MM-DD' strings: ./dates.ts.

export {
  addCalendarDays,
  calendarDaysBetween,
  fromEpochDay,
  isoWeekday,
  toEpochDay,
  toLocalDate,
} from './dates.ts';

// ---------------------------------------------------------------------------------------------------------
// National data: the package's arrangements, read once per container.

// Entries look like "National Day,国庆节,3" (English name, Chinese name, length); keep the Chinese name.
const chineseNameOf = (entry: string) => entry.split(',')[1] ?? entry;

const byEpochDay = (entries: Record<string, string>) =>
  new Map(
    Object.entries(entries).map(([date, entry]) => [toEpochDay(date), { date, name: chineseNameOf(entry) }]),
  );

const yearOf = (date: string) => Number(date.slice(0, 4));

const packageHolidays = byEpochDay(national.holidays);
const packageWorkdays = byEpochDay(national.workdays);
const packageYears = new Set([...packageHolidays.values()].map((d) => yearOf(d.date)));

type NamedDate = { date: string; name: string };

/** The national days off and make-up days of every year, each from the source that decides that year. */
const nationalDays = (published: ReadonlyMap<number, NationalArrangement>) => {
  const off = new Map<number, NamedDate>();
  const on = new Map<number, NamedDate>();
  for (const [day, d] of packageHolidays) if (!published.has(yearOf(d.date))) off.set(day, d);
  for (const [day, d] of packageWorkdays) if (!published.has(yearOf(d.date))) on.set(day, d);
  for (const arrangement of published.values()) {
    const inYear = (d: NamedDate) => yearOf(d.date) === arrangement.year;
    for (const d of arrangement.holidays.filter(inYear)) off.set(toEpochDay(d.date), d);
    for (const d of arrangement.workdays.filter(inYear)) on.set(toEpochDay(d.date), d);
  }
  for (let year = STATUTORY_RULES_SINCE; year <= STATUTORY_RULES_UNTIL; year++) {
    if (published.has(year) || packageYears.has(year)) continue;
    for (const d of statutoryHolidays(year)) off.set(toEpochDay(d.date), { date: d.date, name: d.name });
  }
  return { off, on };
};

const TABLE_FROM = epochDayOf(2000, 1, 1);
const TABLE_TO = epochDayOf(2100, 12, 31);

/** Monday–Friday days before epoch day `x`, counted from Monday 1969-12-29 (negative before it). */
const weekdaysBefore = (x: number) => {
  const y = x + 3;
  const weeks = Math.floor(y / 7);
  return 5 * weeks + Math.min(y - 7 * weeks, 5);
};

/** Smallest `x` with weekdaysBefore(x) >= q. */
const firstWithWeekdaysBefore = (q: number) => {
  const weeks = Math.floor((q - 1) / 5);
  return 7 * weeks + (q - 5 * weeks) - 3;
};

export class WorkingCalendar {
  readonly #from: number;
  readonly #to: number;
  /** 1 where the day (from `#from`) is a working day. */
  readonly #working: Uint8Array;
  /** Working days in [#from, #from + i]. */
  readonly #count: Uint32Array;
  readonly #offNames = new Map<number, CalendarDay>();
  readonly #onNames = new Map<number, CalendarDay>();
  /** Arrangements published on the platform, by year; they replace the package's for their year. */
  readonly #published: ReadonlyMap<number, NationalArrangement>;

  private constructor(config: CalendarConfig, arrangements: readonly NationalArrangement[]) {
    this.#published = new Map(arrangements.map((a) => [a.year, a]));
    const national = nationalDays(this.#published);
    const localOff = new Map(config.localHolidays.map((d) => [toEpochDay(d.date), d]));
    const localOn = new Map(config.localWorkdays.map((d) => [toEpochDay(d.date), d]));

    for (const [day, d] of national.off) this.#offNames.set(day, { ...d, scope: 'national' });
    for (const [day, d] of localOff)
      if (!this.#offNames.has(day)) this.#offNames.set(day, { date: d.date, name: d.name, scope: 'local' });
    for (const [day, d] of national.on) this.#onNames.set(day, { ...d, scope: 'national' });
    for (const [day, d] of localOn) this.#onNames.set(day, { date: d.date, name: d.name, scope: 'local' });

    const localDays = [...localOff.keys(), ...localOn.keys()];
    this.#from = Math.min(TABLE_FROM, ...localDays);
    this.#to = Math.max(TABLE_TO, ...localDays);
    const size = this.#to - this.#from + 1;
    this.#working = new Uint8Array(size);
    this.#count = new Uint32Array(size);
    let running = 0;
    for (let i = 0; i < size; i++) {
      const day = this.#from + i;
      let working: boolean;
      if (localOff.has(day) || national.off.has(day)) working = false;
      else if (localOn.has(day) || national.on.has(day)) working = true;
      else {
        const wd = weekdayOf(day);
        working = wd !== 0 && wd !== 6;
      }
      if (working) running++;
      this.#working[i] = working ? 1 : 0;
      this.#count[i] = running;
    }
  }

  /**
   * The calendar of one jurisdiction: the national days of every year (from the arrangements published on
   * the platform, else the package, else the regulation) plus its local holidays and workdays.
   */
  static forJurisdiction(
    calendarConfig: CalendarConfig,
    arrangements: readonly NationalArrangement[] = [],
  ): WorkingCalendar {
    return new WorkingCalendar(calendarConfig, arrangements);
  }

  #isWorking(day: number): boolean {
    if (day >= this.#from && day <= this.#to) return this.#working[day - this.#from] === 1;
    const wd = weekdayOf(day);
    return wd !== 0 && wd !== 6;
  }

  /** Working days up to and including `day`, relative to the start of the table (negative before it). */
  #rank(day: number): number {
    if (day < this.#from) return weekdaysBefore(day + 1) - weekdaysBefore(this.#from);
    if (day <= this.#to) return this.#count[day - this.#from]!;
    return this.#count[this.#to - this.#from]! + weekdaysBefore(day + 1) - weekdaysBefore(this.#to + 1);
  }

  /** The first day whose rank reaches `target`; that day is a working day. */
  #dayOfRank(target: number): number {
    if (target <= 0) return firstWithWeekdaysBefore(target + weekdaysBefore(this.#from)) - 1;
    const last = this.#count.length - 1;
    const total = this.#count[last]!;
    if (target > total) return firstWithWeekdaysBefore(target - total + weekdaysBefore(this.#to + 1)) - 1;
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#count[mid]! >= target) hi = mid;
      else lo = mid + 1;
    }
    return this.#from + lo;
  }

  /** Whether offices are open on `date` ('YYYY-MM-DD', the jurisdiction's local date). */
  isWorkingDay(date: string): boolean {
    return this.#isWorking(toEpochDay(date));
  }

  /**
   * The `days`-th working day strictly after `start` — the day a case accepted on `start` with a limit of
   * `days` working days falls due (the day of acceptance does not count). With 0: `start` itself if it is a
   * working day, else the next working day.
   * @throws RangeError if `days` is not a non-negative integer or `start` is not a date.
   */
  addWorkingDays(start: string, days: number): string {
    if (!Number.isInteger(days) || days < 0)
      throw new RangeError(`days must be a non-negative integer: ${days}`);
    const day = toEpochDay(start);
    const target = days === 0 ? this.#rank(day - 1) + 1 : this.#rank(day) + days;
    return fromEpochDay(this.#dayOfRank(target));
  }

  /** Working days in (from, to]: 0 when `to` is not after `from`. */
  workingDaysBetween(from: string, to: string): number {
    const a = toEpochDay(from);
    const b = toEpochDay(to);
    return b <= a ? 0 : this.#rank(b) - this.#rank(a);
  }

  /** The published calendar of one year, for GET /jurisdiction: the departures from "Monday–Friday". */
  year(year: number): CalendarYear {
    if (!Number.isInteger(year) || year < 0 || year > 9999) throw new RangeError(`not a year: ${year}`);
    const holidays: CalendarDay[] = [];
    const workdays: CalendarDay[] = [];
    const last = epochDayOf(year, 12, 31);
    for (let day = epochDayOf(year, 1, 1); day <= last; day++) {
      const wd = weekdayOf(day);
      const weekend = wd === 0 || wd === 6;
      const working = this.#isWorking(day);
      if (!weekend && !working) {
        const entry = this.#offNames.get(day);
        if (entry) holidays.push({ ...entry });
      } else if (weekend && working) {
        const entry = this.#onNames.get(day);
        if (entry) workdays.push({ ...entry });
      }
    }
    const published = this.#published.get(year);
    const source = this.source(year);
    return {
      year,
      source,
      provisional: source !== 'published',
      ...(published?.notice ? { notice: published.notice } : {}),
      ...(published?.publishedAt ? { publishedAt: published.publishedAt } : {}),
      holidays,
      workdays,
    };
  }

  /** Where the national days of `year` come from. */
  source(year: number): YearSource {
    if (this.#published.has(year) || packageYears.has(year)) return 'published';
    if (year >= STATUTORY_RULES_SINCE && year <= STATUTORY_RULES_UNTIL) return 'statutory';
    return 'weekends';
  }

  /**
   * Whether counting from `from` to `to` (either order) passes through a year whose arrangement is not
   * published: a date computed that way is provisional.
   */
  isProvisional(from: string, to: string): boolean {
    toEpochDay(from);
    toEpochDay(to);
    const [a, b] = from <= to ? [from, to] : [to, from];
    for (let year = yearOf(a); year <= yearOf(b); year++) if (this.source(year) !== 'published') return true;
    return false;
  }

  /** Years whose national arrangement is published (the package's and the platform's), in order. */
  coveredYears(): number[] {
    return [...new Set([...packageYears, ...this.#published.keys()])].sort((a, b) => a - b);
  }
}
