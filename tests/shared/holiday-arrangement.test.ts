// The check of a year's arrangement as an admin publishes it: every problem at once, with the field named,
// and never a statutory day of the regulation taken away.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ArrangementInput,
  arrangementInputSchema,
  arrangementProblems,
  statutoryFestivals,
  statutoryHolidays,
} from '../../shared/holiday-arrangement.ts';

const named = (name: string, ...dates: string[]) => dates.map((date) => ({ date, name }));

/** A plausible notice for 2027: the statutory days in blocks, with weekend make-up days. */
const notice2027: ArrangementInput = arrangementInputSchema.parse({
  notice: '国办发明电〔2026〕9号',
  holidays: [
    ...named('元旦', '2027-01-01', '2027-01-02', '2027-01-03'),
    ...named('春节', ...Array.from({ length: 9 }, (_, i) => `2027-02-${String(5 + i).padStart(2, '0')}`)),
    ...named('清明', '2027-04-03', '2027-04-04', '2027-04-05'),
    ...named('劳动节', '2027-05-01', '2027-05-02', '2027-05-03', '2027-05-04', '2027-05-05'),
    ...named('端午', '2027-06-09'),
    ...named('中秋', '2027-09-15'),
    ...named('国庆节', ...Array.from({ length: 7 }, (_, i) => `2027-10-0${1 + i}`)),
  ],
  workdays: [
    ...named('春节', '2027-02-20'),
    ...named('劳动节', '2027-05-08'),
    ...named('国庆节', '2027-09-26', '2027-10-09'),
  ],
});

describe('arrangementProblems', () => {
  it('accepts a notice that keeps every statutory day off', () => {
    expect(arrangementProblems(2027, notice2027)).toEqual([]);
  });

  it('accepts the statutory days alone, with or without their weekend days listed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2025, max: 2100 }), fc.boolean(), (year, weekends) => {
        const days = statutoryHolidays(year).filter(
          (d) => weekends || ![0, 6].includes(new Date(`${d.date}T00:00:00Z`).getUTCDay()),
        );
        expect(arrangementProblems(year, { holidays: days, workdays: [] })).toEqual([]);
      }),
    );
  });

  it('names each problem: out of the year, listed twice, both lists, a weekday make-up day', () => {
    const problems = arrangementProblems(2027, {
      ...notice2027,
      holidays: [...notice2027.holidays, ...named('元旦', '2026-12-31', '2027-01-02')],
      workdays: [...notice2027.workdays, ...named('调休', '2027-02-13', '2027-03-03')],
    });
    const at = (path: string) => problems.filter((p) => p.path === path).map((p) => p.message);
    const holidays = notice2027.holidays.length;
    const workdays = notice2027.workdays.length;
    expect(at(`holidays.${holidays}.date`)).toEqual(['不在 2027 年内 (not a date of 2027)']);
    expect(at(`holidays.${holidays + 1}.date`)).toEqual(['2027-01-02 重复 (also holidays.1)']);
    expect(at(`workdays.${workdays}.date`)).toEqual(['2027-02-13 同时列为放假 (also holidays.11)']);
    expect(at(`workdays.${workdays + 1}.date`)).toEqual([
      '调休上班日应为周六或周日 (2027-03-03 is not a Saturday or Sunday)',
    ]);
    expect(problems).toHaveLength(4);
  });

  it('refuses to take a statutory day away: missing on a weekday, or made a working day', () => {
    const holidays = notice2027.holidays.filter((d) => d.date !== '2027-10-01' && d.date !== '2027-02-08');
    const problems = arrangementProblems(2027, {
      ...notice2027,
      holidays,
      workdays: [...notice2027.workdays, ...named('国庆节', '2027-10-02')],
    });
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['holidays', 'holidays', `workdays.${notice2027.workdays.length}.date`]),
    );
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        '缺少法定节假日 2027-10-01（国庆节） (a statutory holiday must be a day off)',
        '缺少法定节假日 2027-02-08（春节） (a statutory holiday must be a day off)',
        '10月2日（国庆节）是法定节假日，不能调休上班 (a statutory holiday)',
        `2027-10-02 同时列为放假 (also holidays.${holidays.findIndex((d) => d.date === '2027-10-02')})`,
      ]),
    );
  });

  it('finds every statutory day of a year missing when a notice of another year is sent', () => {
    const weekdayStatutory = statutoryFestivals(2028)
      .flatMap((f) => f.days)
      .filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
    const problems = arrangementProblems(2028, notice2027);
    expect(problems.filter((p) => p.path === 'holidays')).toHaveLength(weekdayStatutory.length);
    expect(problems.filter((p) => p.message.startsWith('不在 2028 年内'))).toHaveLength(
      notice2027.holidays.length + notice2027.workdays.length,
    );
  });

  it('checks the shape: real dates, Chinese names, no unknown fields', () => {
    const bad = arrangementInputSchema.safeParse({
      holidays: [
        { date: '2027-02-30', name: '春节' },
        { date: '2027-02-05', name: 'Spring' },
      ],
      extra: true,
    });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['holidays.0.date', 'holidays.1.name', '']));
    expect(arrangementInputSchema.safeParse({ holidays: [] }).success).toBe(false);
  });
});
