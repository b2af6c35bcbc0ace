// The working-day calendar (工作日历) against the national arrangement in `chinese-days`, the statutory
// holidays of years without one, arrangements published on the platform and the jurisdictions' own
// holidays, with property-based checks of the arithmetic that statutory time limits use.
import national from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadJurisdiction } from '../../infra/jurisdictions/index.ts';
import {
  addCalendarDays,
  calendarDaysBetween,
  fromEpochDay,
  isoWeekday,
  toEpochDay,
  toLocalDate,
  WorkingCalendar,
} from '../../shared/calendar.ts';
import {
  lunarFestivalDates,
  type NationalArrangement,
  statutoryHolidays,
} from '../../shared/holiday-arrangement.ts';
import { calendarConfigSchema } from '../../shared/jurisdiction.ts';

const DAY_MS = 86_400_000;
const dinghaiConfig = loadJurisdiction('dinghai').calendar;
const ngariConfig = loadJurisdiction('ngari').calendar;
const dinghai = WorkingCalendar.forJurisdiction(dinghaiConfig);
const ngari = WorkingCalendar.forJurisdiction(ngariConfig);
const lastCovered = Math.max(...dinghai.coveredYears());

const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utcDay = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

const isWeekday = (date: string) => ![0, 6].includes(utcDay(date));

/** The package's rule written out plainly: the reference the fast version must match where it has data. */
const publishedWorking = (date: string) => {
  if (date in national.holidays) return false;
  if (date in national.workdays) return true;
  return isWeekday(date);
};

const yearsAfterData = Array.from({ length: 2100 - lastCovered }, (_, i) => lastCovered + 1 + i);
const statutoryOff = new Set(yearsAfterData.flatMap((y) => statutoryHolidays(y).map((d) => d.date)));

/** The national rule of any year: the package's data, then the regulation's statutory days. */
const nationallyWorking = (date: string) =>
  Number(date.slice(0, 4)) > lastCovered
    ? isWeekday(date) && !statutoryOff.has(date)
    : publishedWorking(date);

/** Dates around the national data, with a margin on both sides to cross the edges of what is covered. */
const dates = (fromYear = 2002, toYear = lastCovered + 2) =>
  fc.integer({ min: Date.UTC(fromYear, 0, 1), max: Date.UTC(toYear, 11, 31) }).map(isoOf);

describe('national arrangement', () => {
  it('closes offices on public holidays and opens them on make-up days (调休)', () => {
    expect(dinghai.isWorkingDay('2026-10-01')).toBe(false); // 国庆节, a Thursday
    expect(dinghai.isWorkingDay('2026-02-16')).toBe(false); // 春节, a Monday
    expect(dinghai.isWorkingDay('2026-02-28')).toBe(true); // Saturday, 春节 make-up day
    expect(dinghai.isWorkingDay('2026-01-04')).toBe(true); // Sunday, 元旦 make-up day
    expect(dinghai.isWorkingDay('2025-09-28')).toBe(true); // Sunday, 国庆节 make-up day
  });

  it('keeps ordinary weekends off and ordinary weekdays on', () => {
    expect(dinghai.isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(dinghai.isWorkingDay('2026-03-08')).toBe(false); // Sunday
    expect(dinghai.isWorkingDay('2026-03-09')).toBe(true); // Monday
  });

  it('matches the package data on every day it covers', () => {
    fc.assert(
      fc.property(dates(2002, lastCovered), (date) => {
        expect(dinghai.isWorkingDay(date)).toBe(nationallyWorking(date));
      }),
      { numRuns: 3000 },
    );
  });

  it('covers consecutive years from 2004 to at least 2026', () => {
    const years = dinghai.coveredYears();
    expect(years[0]).toBe(2004);
    expect(years).toContain(2026);
    expect(years).toEqual(Array.from({ length: years.length }, (_, i) => 2004 + i));
  });

  it('says where each year comes from: published, statutory after the data, plain weekends before it', () => {
    expect(dinghai.year(2026)).toMatchObject({ source: 'published', provisional: false });
    expect(dinghai.year(lastCovered + 1)).toMatchObject({ source: 'statutory', provisional: true });
    expect(dinghai.year(2100)).toMatchObject({ source: 'statutory', provisional: true });
    expect(dinghai.year(2101)).toMatchObject({ source: 'weekends', provisional: true, holidays: [] });
    expect(dinghai.year(1999)).toMatchObject({ source: 'weekends', provisional: true, holidays: [] });
    expect(dinghai.isWorkingDay('2090-10-02')).toBe(false); // a Monday: 国庆节 by the regulation
    expect(dinghai.isWorkingDay('1999-10-01')).toBe(true); // a Friday, before the data starts
  });
});

describe('years without a published arrangement: the statutory holidays of the regulation', () => {
  const years = fc.integer({ min: 2027, max: 2030 });
  const datesOf = (from: number, to: number) =>
    fc.integer({ min: Date.UTC(from, 0, 1), max: Date.UTC(to, 11, 31) }).map(isoOf);

  it('gives 2025 and 2026 only days off of the published arrangements', () => {
    for (const year of [2025, 2026]) {
      const days = statutoryHolidays(year);
      expect(days.filter((d) => !d.substitute)).toHaveLength(13);
      for (const { date, name } of days) expect(publishedWorking(date), `${date} ${name}`).toBe(false);
    }
  });

  it('finds 春节, 清明, 端午 and 中秋 on days off in every year the package covers since 2008', () => {
    for (let year = 2008; year <= lastCovered; year++) {
      const festivals = lunarFestivalDates(year);
      for (const [name, date] of Object.entries(festivals))
        expect(publishedWorking(date), `${year} ${name} ${date}`).toBe(false);
    }
    // 除夕 is the day before the new year, the 29th of the twelfth month when that month is short (2025).
    expect(statutoryHolidays(2025).filter((d) => d.name === '春节')[0]?.date).toBe('2025-01-28');
  });

  it('knows 2027: 元旦 on Friday, 春节 from 除夕 5 February, and 补假 for weekend statutory days', () => {
    const days = statutoryHolidays(2027).map((d) => `${d.date}${d.substitute ? '*' : ''}`);
    expect(days).toEqual([
      '2027-01-01',
      ...['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09*', '2027-02-10*'],
      '2027-04-05',
      ...['2027-05-01', '2027-05-02', '2027-05-03*', '2027-05-04*'],
      '2027-06-09',
      '2027-09-15',
      ...['2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04*', '2027-10-05*'],
    ]);
    expect(dinghai.year(2027)).toMatchObject({ source: 'statutory', provisional: true, workdays: [] });
    expect(dinghai.year(2027).holidays).toContainEqual({
      date: '2027-01-01',
      name: '元旦',
      scope: 'national',
    });
  });

  it('counts 中秋 on 3 October 2028 once and makes the shared day up', () => {
    const october = statutoryHolidays(2028).filter((d) => d.date.startsWith('2028-10'));
    expect(october.map((d) => [d.date, d.name, d.substitute])).toEqual([
      ['2028-10-01', '国庆节', false],
      ['2028-10-02', '国庆节', false],
      ['2028-10-03', '国庆节', false],
      ['2028-10-04', '国庆节', true],
      ['2028-10-05', '中秋', true],
    ]);
  });

  it('closes offices on every statutory day and its 补假, and lists the weekday ones in year()', () => {
    fc.assert(
      fc.property(years, (year) => {
        const days = statutoryHolidays(year);
        expect(new Set(days.map((d) => d.date)).size).toBe(days.length);
        for (const d of days) {
          expect(d.date.startsWith(`${year}-`)).toBe(true);
          expect(dinghai.isWorkingDay(d.date), d.date).toBe(false);
          if (d.substitute) expect(isWeekday(d.date)).toBe(true);
        }
        const listed = dinghai.year(year).holidays.map((d) => d.date);
        expect(listed).toEqual(days.filter((d) => isWeekday(d.date)).map((d) => d.date));
      }),
    );
  });

  it('never opens offices on New Year’s Day, National Day or the first day of Spring Festival', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2027, max: 2100 }), (year) => {
        for (const date of [`${year}-01-01`, `${year}-10-01`, lunarFestivalDates(year).springFestival])
          expect(dinghai.isWorkingDay(date), date).toBe(false);
      }),
    );
  });

  it('makes up exactly the statutory days lost to weekends: 13 weekday days off a year, or more when shared', () => {
    fc.assert(
      fc.property(years, (year) => {
        const days = statutoryHolidays(year);
        const weekdaysOff = days.filter((d) => isWeekday(d.date)).length;
        const statutory = days.filter((d) => !d.substitute);
        const shared = 13 - statutory.length;
        expect(weekdaysOff).toBe(13);
        expect(days.filter((d) => d.substitute)).toHaveLength(
          statutory.filter((d) => !isWeekday(d.date)).length + shared,
        );
      }),
    );
  });

  it('counts the year consistently: weekdays less the weekday holidays', () => {
    fc.assert(
      fc.property(years, (year) => {
        let weekdays = 0;
        for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addCalendarDays(d, 1))
          if (isWeekday(d)) weekdays++;
        const off = dinghai.year(year).holidays.length;
        expect(dinghai.workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`)).toBe(weekdays - off);
      }),
    );
  });

  it('never lands addWorkingDays on a holiday, and marks counts over these years provisional', () => {
    fc.assert(
      fc.property(datesOf(2026, 2030), fc.integer({ min: 0, max: 300 }), (start, n) => {
        const end = dinghai.addWorkingDays(start, n);
        expect(dinghai.isWorkingDay(end)).toBe(true);
        expect(statutoryOff.has(end)).toBe(false);
        expect(dinghai.isProvisional(start, end)).toBe(end > '2026-12-31');
      }),
      { numRuns: 1000 },
    );
  });

  it('matches the regulation on every day of 2027–2030', () => {
    fc.assert(
      fc.property(datesOf(2027, 2030), (date) => {
        expect(dinghai.isWorkingDay(date)).toBe(nationallyWorking(date));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses years the regulation’s computation does not cover', () => {
    expect(() => statutoryHolidays(2024)).toThrow(RangeError);
    expect(() => statutoryHolidays(2101)).toThrow(RangeError);
    expect(() => statutoryHolidays(2027.5)).toThrow(RangeError);
  });
});

describe('arrangements published on the platform', () => {
  const arrangement2027: NationalArrangement = {
    year: 2027,
    notice: '国办发明电〔2026〕9号',
    publishedAt: '2026-11-20T09:00:00.000Z',
    holidays: [
      ...['01-01', '01-02', '01-03'].map((d) => ({ date: `2027-${d}`, name: '元旦' })),
      ...['02-05', '02-06', '02-07', '02-08', '02-09', '02-10', '02-11', '02-12', '02-13'].map((d) => ({
        date: `2027-${d}`,
        name: '春节',
      })),
      ...['10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'].map((d) => ({
        date: `2027-${d}`,
        name: '国庆节',
      })),
      { date: '2026-12-31', name: '不属于本年' },
    ],
    workdays: [
      { date: '2027-02-20', name: '春节' },
      { date: '2027-09-26', name: '国庆节' },
      { date: '2027-10-09', name: '国庆节' },
    ],
  };
  const published = WorkingCalendar.forJurisdiction(dinghaiConfig, [arrangement2027]);

  it('replaces the statutory days of its year, make-up days included', () => {
    expect(published.year(2027)).toMatchObject({
      source: 'published',
      provisional: false,
      notice: '国办发明电〔2026〕9号',
      publishedAt: '2026-11-20T09:00:00.000Z',
    });
    expect(published.isWorkingDay('2027-02-11')).toBe(false); // in the published block only
    expect(dinghai.isWorkingDay('2027-02-11')).toBe(true);
    expect(published.isWorkingDay('2027-02-20')).toBe(true); // a Saturday, 调休
    expect(published.isWorkingDay('2027-05-03')).toBe(true); // the statutory 补假 is not in this notice
    expect(published.year(2027).workdays.map((d) => d.date)).toEqual([
      '2027-02-20',
      '2027-09-26',
      '2027-10-09',
    ]);
    expect(published.isProvisional('2026-12-07', '2027-01-05')).toBe(false);
    expect(published.isProvisional('2026-12-07', '2028-01-05')).toBe(true);
    expect(published.coveredYears()).toContain(2027);
  });

  it('keeps other years and entries outside its year as they were', () => {
    expect(published.isWorkingDay('2026-12-31')).toBe(true);
    fc.assert(
      fc.property(dates(2004, 2030), (date) => {
        if (!date.startsWith('2027-')) expect(published.isWorkingDay(date)).toBe(dinghai.isWorkingDay(date));
      }),
      { numRuns: 2000 },
    );
  });

  it('replaces the package’s arrangement when it names a year the package covers', () => {
    const amended = WorkingCalendar.forJurisdiction(dinghaiConfig, [
      { year: 2026, holidays: [{ date: '2026-03-02', name: '特别假日' }], workdays: [] },
    ]);
    expect(amended.isWorkingDay('2026-03-02')).toBe(false);
    expect(amended.isWorkingDay('2026-10-01')).toBe(true); // no longer listed for 2026
    expect(amended.year(2026)).toMatchObject({ source: 'published', provisional: false });
  });

  it('still yields to local holidays: Ngari closes on its own holiday even on a national make-up day', () => {
    const taken = new Set(arrangement2027.holidays.map((d) => d.date));
    const losar = ngariConfig.localHolidays.find((d) => d.date.startsWith('2027-') && !taken.has(d.date))!;
    const withMakeUp = [
      { year: 2027, holidays: arrangement2027.holidays, workdays: [{ date: losar.date, name: '调休' }] },
    ];
    expect(WorkingCalendar.forJurisdiction(ngariConfig, withMakeUp).isWorkingDay(losar.date)).toBe(false);
    expect(WorkingCalendar.forJurisdiction(dinghaiConfig, withMakeUp).isWorkingDay(losar.date)).toBe(true);
  });
});

describe('year()', () => {
  const year = dinghai.year(2026);

  it('lists weekday holidays and weekend make-up days with their names', () => {
    expect(year.source).toBe('published');
    expect(year.holidays).toContainEqual({ date: '2026-10-01', name: '国庆节', scope: 'national' });
    expect(year.workdays).toContainEqual({ date: '2026-02-28', name: '春节', scope: 'national' });
  });

  it('lists only departures from Monday–Friday, in date order, inside the year', () => {
    expect(year.holidays.every((d) => ![0, 6].includes(utcDay(d.date)))).toBe(true);
    expect(year.workdays.every((d) => [0, 6].includes(utcDay(d.date)))).toBe(true);
    const all = [...year.holidays, ...year.workdays].map((d) => d.date);
    expect(all.every((d) => d.startsWith('2026-'))).toBe(true);
    expect(year.holidays.map((d) => d.date)).toEqual(year.holidays.map((d) => d.date).sort());
    // 2026: 元旦 2, 春节 6, 清明 1, 劳动节 3, 端午 1, 中秋 1, 国庆节 5 weekdays off; 6 make-up weekend days.
    expect(year.holidays).toHaveLength(19);
    expect(year.workdays).toHaveLength(6);
  });
});

describe('local holidays', () => {
  it('closes Ngari for Losar (藏历新年) and Shoton (雪顿节) while Dinghai works', () => {
    expect(ngari.isWorkingDay('2026-02-24')).toBe(false);
    expect(dinghai.isWorkingDay('2026-02-24')).toBe(true);
    expect(ngari.isWorkingDay('2026-08-13')).toBe(false);
    expect(dinghai.isWorkingDay('2026-08-13')).toBe(true);
  });

  it('never opens Ngari on its local holidays, and leaves Dinghai on the national rule those days', () => {
    expect(ngariConfig.localHolidays.length).toBeGreaterThan(0);
    for (const { date } of ngariConfig.localHolidays) {
      expect(ngari.isWorkingDay(date), date).toBe(false);
      expect(dinghai.isWorkingDay(date), date).toBe(nationallyWorking(date));
    }
  });

  it('publishes local days with their local names and scope', () => {
    const year = ngari.year(2026);
    expect(year.holidays).toContainEqual({ date: '2026-02-24', name: '藏历新年', scope: 'local' });
    expect(year.holidays).toContainEqual({ date: '2026-08-12', name: '雪顿节', scope: 'local' });
    // Losar's first days coincide with the national Spring Festival, which keeps its name.
    expect(year.holidays).toContainEqual({ date: '2026-02-18', name: '春节', scope: 'national' });
  });

  it('counts Ngari deadlines past Losar', () => {
    // Accepted Friday 2026-02-13: 14 Sat (调休) works, then 春节 and Losar until Thursday the 26th.
    expect(ngari.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(ngari.addWorkingDays('2026-02-13', 2)).toBe('2026-02-27');
    expect(dinghai.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
  });

  it('applies the documented precedence', () => {
    const config = calendarConfigSchema.parse({
      localHolidays: [{ date: '2026-02-28', name: '地方假日' }], // on a national make-up Saturday
      localWorkdays: [
        { date: '2026-03-07', name: '地方调休' }, // an ordinary Saturday
        { date: '2026-10-01', name: '地方调休' }, // a national holiday
      ],
    });
    const calendar = WorkingCalendar.forJurisdiction(config);
    expect(calendar.isWorkingDay('2026-02-28')).toBe(false);
    expect(calendar.isWorkingDay('2026-03-07')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false);
    const year = calendar.year(2026);
    expect(year.workdays).toContainEqual({ date: '2026-03-07', name: '地方调休', scope: 'local' });
    expect(year.workdays.map((d) => d.date)).not.toContain('2026-02-28');
  });

  it('keeps local days working in years without national data', () => {
    const calendar = WorkingCalendar.forJurisdiction({
      localHolidays: [{ date: '2095-03-01', name: '地方假日' }],
      localWorkdays: [{ date: '2095-03-05', name: '地方调休' }],
    });
    expect(calendar.isWorkingDay('2095-03-01')).toBe(false); // a Tuesday
    expect(calendar.isWorkingDay('2095-03-05')).toBe(true); // a Saturday
    expect(calendar.addWorkingDays('2095-02-28', 1)).toBe('2095-03-02');
  });
});

describe('addWorkingDays and workingDaysBetween', () => {
  it('skip the Golden Week', () => {
    expect(dinghai.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(dinghai.addWorkingDays('2026-09-30', 2)).toBe('2026-10-09');
    expect(dinghai.addWorkingDays('2026-09-30', 3)).toBe('2026-10-10'); // Saturday, 调休
    expect(dinghai.workingDaysBetween('2026-09-30', '2026-10-08')).toBe(1);
    expect(dinghai.workingDaysBetween('2026-09-30', '2026-10-07')).toBe(0);
  });

  it('with 0 days give the start itself when working, else the next working day', () => {
    expect(dinghai.addWorkingDays('2026-09-30', 0)).toBe('2026-09-30');
    expect(dinghai.addWorkingDays('2026-10-03', 0)).toBe('2026-10-08');
    expect(dinghai.addWorkingDays('2026-09-19', 1)).toBe('2026-09-20'); // Saturday → Sunday make-up day
  });

  it('give 20 working days (the licensing default) across Spring Festival', () => {
    expect(dinghai.addWorkingDays('2026-02-10', 20)).toBe('2026-03-16');
    expect(dinghai.workingDaysBetween('2026-02-10', '2026-03-16')).toBe(20);
  });

  it('return 0 when the end is not after the start', () => {
    expect(dinghai.workingDaysBetween('2026-03-09', '2026-03-09')).toBe(0);
    expect(dinghai.workingDaysBetween('2026-03-10', '2026-03-09')).toBe(0);
  });

  it('refuse bad input', () => {
    expect(() => dinghai.addWorkingDays('2026-03-09', -1)).toThrow(RangeError);
    expect(() => dinghai.addWorkingDays('2026-03-09', 1.5)).toThrow(RangeError);
    expect(() => dinghai.addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => dinghai.isWorkingDay('2026-3-9')).toThrow(RangeError);
    expect(() => dinghai.workingDaysBetween('2026-03-09', '')).toThrow(RangeError);
    expect(() => dinghai.year(2026.5)).toThrow(RangeError);
  });

  it('land every n ≥ 1 on a working day after the start, n working days later', () => {
    fc.assert(
      fc.property(dates(), fc.integer({ min: 1, max: 400 }), (start, n) => {
        for (const calendar of [dinghai, ngari]) {
          const end = calendar.addWorkingDays(start, n);
          expect(end > start).toBe(true);
          expect(calendar.isWorkingDay(end)).toBe(true);
          expect(calendar.workingDaysBetween(start, end)).toBe(n);
          expect(calendar.workingDaysBetween(start, addCalendarDays(end, -1))).toBe(n - 1);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('are monotonic in the number of days: strictly from 1 on, and 0 never beyond 1', () => {
    fc.assert(
      fc.property(dates(), fc.integer({ min: 0, max: 300 }), (start, n) => {
        const [now, next] = [ngari.addWorkingDays(start, n), ngari.addWorkingDays(start, n + 1)];
        // From a day off, 0 and 1 both give the next working day.
        expect(n === 0 ? now <= next : now < next).toBe(true);
      }),
    );
    expect(ngari.addWorkingDays('2011-01-29', 0)).toBe('2011-01-30'); // Sunday, 春节 make-up day
    expect(ngari.addWorkingDays('2011-01-29', 1)).toBe('2011-01-30');
  });

  it('agree with a day-by-day walk, also far outside the precomputed years', () => {
    const anywhere = fc.oneof(dates(), dates(1900, 1999), dates(2098, 2110));
    fc.assert(
      fc.property(anywhere, fc.integer({ min: 0, max: 120 }), (start, span) => {
        let count = 0;
        for (let d = 1; d <= span; d++) if (ngari.isWorkingDay(addCalendarDays(start, d))) count++;
        expect(ngari.workingDaysBetween(start, addCalendarDays(start, span))).toBe(count);

        let day = start;
        if (span === 0) while (!ngari.isWorkingDay(day)) day = addCalendarDays(day, 1);
        for (let left = span; left > 0; ) {
          day = addCalendarDays(day, 1);
          if (ngari.isWorkingDay(day)) left--;
        }
        expect(ngari.addWorkingDays(start, span)).toBe(day);
      }),
      { numRuns: 1000 },
    );
  });

  it('add up over consecutive intervals', () => {
    fc.assert(
      fc.property(fc.array(dates(), { minLength: 3, maxLength: 3 }), (three) => {
        const [a, b, c] = three.sort() as [string, string, string];
        expect(ngari.workingDaysBetween(a, c)).toBe(
          ngari.workingDaysBetween(a, b) + ngari.workingDaysBetween(b, c),
        );
      }),
    );
  });
});

describe('date helpers', () => {
  it('convert dates to day numbers and back like Date does', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
        const date = isoOf(ms);
        const day = Math.floor(ms / DAY_MS);
        expect(toEpochDay(date)).toBe(day);
        expect(fromEpochDay(day)).toBe(date);
      }),
    );
  });

  it('reject dates that do not exist', () => {
    for (const bad of [
      '2025-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-1-01',
      '20260101',
      'abcd-ef-gh',
    ])
      expect(() => toEpochDay(bad), bad).toThrow(RangeError);
    expect(toEpochDay('2024-02-29')).toBe(19_782);
  });

  it('count natural days and weekdays', () => {
    expect(addCalendarDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(calendarDaysBetween('2026-09-30', '2026-10-08')).toBe(8);
    expect(isoWeekday('2026-10-01')).toBe(4);
    expect(isoWeekday('2026-03-08')).toBe(7);
  });

  it('give the local date of an instant in China time', () => {
    expect(toLocalDate(new Date('2026-09-30T16:30:00Z'))).toBe('2026-10-01');
    expect(toLocalDate(new Date('2026-09-30T15:59:59.999Z'))).toBe('2026-09-30');
    expect(toLocalDate(new Date('2026-09-30T16:30:00Z'), 'UTC')).toBe('2026-09-30');
    expect(() => toLocalDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('agree with Intl for any instant and zone', () => {
    const reference = (instant: Date, timeZone: string) =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(instant);
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1980-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom('Asia/Shanghai', 'Asia/Urumqi', 'UTC', 'America/New_York'),
        (instant, zone) => {
          expect(toLocalDate(instant, zone)).toBe(reference(instant, zone));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
