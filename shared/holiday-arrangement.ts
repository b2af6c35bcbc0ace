// 放假安排 the national days off of one year. Two sources decide them:
//
// 1. 全国年节及纪念日放假办法, the national holiday regulation (as revised in 2024, in force from 2025), fixes
//    the statutory days off for everyone (全体公民放假的节日): 元旦 1 January; 春节 four days, 除夕 (lunar
//    new year's eve) to the third day of the first lunar month; 清明 the day of the Qingming solar term; 劳动节
//    1–2 May; 端午 the 5th day of the 5th lunar month; 中秋 the 15th day of the 8th lunar month; 国庆节 1–3
//    October. Its article 6: a statutory day that falls on a Saturday or Sunday is made up by a day off on a
//    working day (补假).
// 2. The State Council's notice for the year (国务院办公厅关于××××年部分节假日安排的通知), usually out in
//    November, turns these into blocks of days off with make-up working days (调休) on weekends.
//
// Until the notice of a year is known, `statutoryHolidays` gives what the regulation alone guarantees: the
// statutory days and their 补假, each placed on the first weekday after its festival (the notice may place it
// elsewhere, or fold it into a longer block), and no make-up working days. Deadlines counted on such days are
// provisional. Lunar dates and the solar term come from the `chinese-days` package; the year's notice, once
// out, is published by an admin as an arrangement checked by `arrangementProblems`.
import chineseDays from 'chinese-days';
import * as z from 'zod';
import type { FieldIssue } from './errors.ts';
import { namedDaySchema } from './jurisdiction.ts';

/** First year under the current revision of the regulation; earlier years are the package's history. */
export const STATUTORY_RULES_SINCE = 2025;
/** Last year the package's lunar tables reach. */
export const STATUTORY_RULES_UNTIL = 2100;

export interface StatutoryDay {
  date: string;
  /** The festival, as the State Council's notices and the package name it. */
  name: string;
  /** 补假: a working day off that makes up for a statutory day on a weekend or shared with another festival. */
  substitute: boolean;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const isoOf = (y: number, m: number, d: number) => `${y}-${pad2(m)}-${pad2(d)}`;

/** Civil date arithmetic on UTC days, independent of the process's time zone. */
const shift = (date: string, days: number) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return isoOf(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
};
const isWeekend = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 || day === 6;
};

/**
 * The Gregorian date of a lunar date (first, not leap, month of that number). The package reads the lunar
 * date from the local fields of a Date and adds days in local time, so a local-midnight Date is exact in any
 * process time zone.
 */
const solarOfLunar = (year: number, month: number, day: number) =>
  chineseDays.getSolarDateFromLunar(new Date(year, month - 1, day)).date;

/**
 * The Qingming solar term (清明). The package formats a UTC midnight with local getters, which west of
 * Greenwich names the day before: read back the UTC day whose local rendering it returned.
 */
const qingmingOf = (year: number) => {
  const text = chineseDays.getSolarTermDate(year, 4, 'pure_brightness');
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  for (const candidate of [d, d + 1, d - 1]) {
    const t = new Date(Date.UTC(y, m - 1, candidate));
    if (t.getFullYear() === y && t.getMonth() === m - 1 && t.getDate() === d)
      return isoOf(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  return text;
};

/**
 * The Gregorian dates of the festivals that follow the lunar calendar or the solar terms in `year`
 * (1901–2100): 春节 (first day of the first lunar month), 清明, 端午 and 中秋.
 */
export const lunarFestivalDates = (year: number) => {
  if (!Number.isInteger(year) || year < 1901 || year > STATUTORY_RULES_UNTIL)
    throw new RangeError(`lunar dates are known for 1901–${STATUTORY_RULES_UNTIL}: ${year}`);
  return {
    springFestival: solarOfLunar(year, 1, 1),
    qingming: qingmingOf(year),
    dragonBoat: solarOfLunar(year, 5, 5),
    midAutumn: solarOfLunar(year, 8, 15),
  };
};

/** The festivals of the regulation in `year`, each with its statutory days, in date order. */
export const statutoryFestivals = (year: number): Array<{ name: string; days: string[] }> => {
  if (!Number.isInteger(year) || year < STATUTORY_RULES_SINCE || year > STATUTORY_RULES_UNTIL)
    throw new RangeError(
      `statutory holidays are computed for ${STATUTORY_RULES_SINCE}–${STATUTORY_RULES_UNTIL}: ${year}`,
    );
  const lunar = lunarFestivalDates(year);
  // 除夕 is the last day of the twelfth lunar month, the 29th or the 30th: the day before new year.
  const springFestival = [-1, 0, 1, 2].map((n) => shift(lunar.springFestival, n));
  const festivals = [
    { name: '元旦', days: [isoOf(year, 1, 1)] },
    { name: '春节', days: springFestival },
    { name: '清明', days: [lunar.qingming] },
    { name: '劳动节', days: [isoOf(year, 5, 1), isoOf(year, 5, 2)] },
    { name: '端午', days: [lunar.dragonBoat] },
    { name: '中秋', days: [lunar.midAutumn] },
    { name: '国庆节', days: [isoOf(year, 10, 1), isoOf(year, 10, 2), isoOf(year, 10, 3)] },
  ];
  // 中秋 can fall before, inside or after 1–3 October.
  return festivals.sort((a, b) => (a.days[0]! < b.days[0]! ? -1 : a.days[0]! > b.days[0]! ? 1 : 0));
};

/**
 * The days off the regulation alone guarantees in `year` (2025–2100), in date order: the statutory days
 * (weekend ones included) and their 补假. A day two festivals share counts once, and the other festival's day
 * is made up like a weekend one (as the 2020 arrangement did when 中秋 fell on 1 October).
 * @throws RangeError outside 2025–2100.
 */
export const statutoryHolidays = (year: number): StatutoryDay[] => {
  const festivals = statutoryFestivals(year);
  const off = new Set(festivals.flatMap((f) => f.days));
  const days: StatutoryDay[] = [];
  const counted = new Set<string>();
  for (const festival of festivals) {
    let owed = 0;
    for (const date of festival.days) {
      if (counted.has(date) || isWeekend(date)) owed++;
      if (!counted.has(date)) days.push({ date, name: festival.name, substitute: false });
      counted.add(date);
    }
    for (let date = festival.days.at(-1)!; owed > 0; ) {
      date = shift(date, 1);
      if (isWeekend(date) || off.has(date)) continue;
      off.add(date);
      days.push({ date, name: festival.name, substitute: true });
      owed--;
    }
  }
  return days.sort((a, b) => (a.date < b.date ? -1 : 1));
};

// ---------------------------------------------------------------------------------------------------------
// The State Council's arrangement, as an admin publishes it.

/** One year's national arrangement: what the State Council's notice lists. */
export interface NationalArrangement {
  year: number;
  /** Days off (放假), weekend days inside a block included or not: a weekend is off anyway. */
  holidays: Array<{ date: string; name: string }>;
  /** Make-up working days (调休上班), Saturdays or Sundays. */
  workdays: Array<{ date: string; name: string }>;
  /** 文号 or title of the notice, e.g. 国办发明电〔2026〕7号. */
  notice?: string;
  /** ISO instant at which it was published on the platform. */
  publishedAt?: string;
}

/** The shape of an arrangement as an admin sends it; `arrangementProblems` checks it against its year. */
export const arrangementInputSchema = z.strictObject({
  notice: z
    .string()
    .trim()
    .min(4)
    .max(120)
    .optional()
    .describe('文号 or title of the State Council notice, e.g. 国办发明电〔2026〕7号'),
  holidays: z.array(namedDaySchema).min(1).max(80).describe('放假 days off, e.g. {date, name: "国庆节"}'),
  workdays: z
    .array(namedDaySchema)
    .max(20)
    .default([])
    .describe('调休 make-up working days (Saturdays or Sundays)'),
});
export type ArrangementInput = z.infer<typeof arrangementInputSchema>;

const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/**
 * Every reason the arrangement cannot be the notice of `year`, with paths into the input: a date outside
 * the year, a date listed twice or as both a holiday and a make-up day, a make-up day that is not a
 * Saturday or Sunday, and a statutory day of the regulation that would not be off (a notice can lengthen
 * the holidays, never take a statutory day away).
 */
export const arrangementProblems = (year: number, input: ArrangementInput): FieldIssue[] => {
  const issues: FieldIssue[] = [];
  const prefix = `${year}-`;
  const holidays = new Map<string, number>();
  const workdays = new Map<string, number>();
  for (const [list, seen, field] of [
    [input.holidays, holidays, 'holidays'],
    [input.workdays, workdays, 'workdays'],
  ] as const) {
    list.forEach((day, i) => {
      const path = `${field}.${i}.date`;
      if (!day.date.startsWith(prefix))
        issues.push({ path, message: `不在 ${year} 年内 (not a date of ${year})` });
      const first = seen.get(day.date);
      if (first !== undefined) issues.push({ path, message: `${day.date} 重复 (also ${field}.${first})` });
      else seen.set(day.date, i);
    });
  }
  input.workdays.forEach((day, i) => {
    const path = `workdays.${i}.date`;
    if (holidays.has(day.date))
      issues.push({
        path,
        message: `${day.date} 同时列为放假 (also holidays.${holidays.get(day.date)})`,
      });
    if (!isWeekend(day.date))
      issues.push({ path, message: `调休上班日应为周六或周日 (${day.date} is not a Saturday or Sunday)` });
  });
  if (year >= STATUTORY_RULES_SINCE && year <= STATUTORY_RULES_UNTIL) {
    for (const festival of statutoryFestivals(year)) {
      for (const date of festival.days) {
        const workday = workdays.get(date);
        if (workday !== undefined)
          issues.push({
            path: `workdays.${workday}.date`,
            message: `${monthDay(date)}（${festival.name}）是法定节假日，不能调休上班 (a statutory holiday)`,
          });
        else if (!isWeekend(date) && !holidays.has(date))
          issues.push({
            path: 'holidays',
            message: `缺少法定节假日 ${date}（${festival.name}） (a statutory holiday must be a day off)`,
          });
      }
    }
  }
  return issues;
};
