// Date helpers on 'YYYY-MM-DD' strings (epoch days, integer arithmetic) and the local date of an instant.
// Kept apart from the working-day calendar (./calendar.ts, which re-exports them) so that code needing only
// dates does not bundle the national holiday tables.

const invalidDate = (date: string) => new RangeError(`not a date as YYYY-MM-DD: ${JSON.stringify(date)}`);

const digitsAt = (s: string, from: number, count: number) => {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
};

const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

const daysInMonth = (y: number, m: number) =>
  m === 2 ? (isLeapYear(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;

/** Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days algorithm, inverted). */
export const epochDayOf = (y: number, m: number, d: number) => {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yearOfEra = yy - era * 400;
  const dayOfYear = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
};

/** Epoch day of a 'YYYY-MM-DD' date. @throws RangeError if it is not a real date in that form. */
export const toEpochDay = (date: string): number => {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) throw invalidDate(date);
  const y = digitsAt(date, 0, 4);
  const m = digitsAt(date, 5, 2);
  const d = digitsAt(date, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) throw invalidDate(date);
  return epochDayOf(y, m, d);
};

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** 'YYYY-MM-DD' of an epoch day. @throws RangeError outside years 0000–9999. */
export const fromEpochDay = (day: number): string => {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const d = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yearOfEra + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) throw new RangeError(`year ${y} is outside 0000-9999`);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
};

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
export const weekdayOf = (day: number) => (((day + 4) % 7) + 7) % 7;

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (date: string): number => weekdayOf(toEpochDay(date)) || 7;

/** The date `days` natural days (自然日) after `date`; negative goes back. */
export const addCalendarDays = (date: string, days: number): string => fromEpochDay(toEpochDay(date) + days);

/** Natural days from `from` to `to` (negative when `to` is earlier). */
export const calendarDaysBetween = (from: string, to: string): number => toEpochDay(to) - toEpochDay(from);

const formatters = new Map<string, Intl.DateTimeFormat>();
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
// China has kept UTC+8 without daylight saving since 1992; earlier instants go through Intl.
const SHANGHAI_FIXED_SINCE = Date.UTC(1992, 0, 1);

/**
 * The local calendar date ('YYYY-MM-DD') of an instant in an IANA time zone — "which day is it in the
 * jurisdiction", e.g. the acceptance date (受理日期) of a case submitted at 23:30 UTC.
 */
export const toLocalDate = (instant: Date, timeZone = 'Asia/Shanghai'): string => {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  if (timeZone === 'Asia/Shanghai' && ms >= SHANGHAI_FIXED_SINCE)
    return fromEpochDay(Math.floor((ms + 8 * HOUR_MS) / DAY_MS));
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year!.padStart(4, '0')}-${parts.month}-${parts.day}`;
};
