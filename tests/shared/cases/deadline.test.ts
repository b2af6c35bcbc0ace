// 办理时限 due dates against Dinghai's working-day calendar: concrete cases around 国庆 2026 and its make-up
// Saturday, then the rules as properties — due dates are working days, pauses and extensions only push them
// later, never past the statutory limit — and the red/yellow supervision flags.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadJurisdiction } from '../../../infra/jurisdictions/index.ts';
import { toLocalDate, WorkingCalendar } from '../../../shared/calendar.ts';
import {
  computeDeadline,
  type DeadlineInput,
  maxExtensionDays,
  type Pause,
  supervisionFlag,
  workingDaysLeft,
} from '../../../shared/cases/deadline.ts';
import { calendarConfigSchema } from '../../../shared/jurisdiction.ts';

const dinghai = WorkingCalendar.forJurisdiction(loadJurisdiction('dinghai').calendar);
const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-12-31T09:00:00+08:00');

const deadline = (input: Partial<DeadlineInput> & Pick<DeadlineInput, 'acceptedAt' | 'promisedDays'>) =>
  computeDeadline({ calendar: dinghai, timeZone: TZ, statutoryDays: 20, now: NOW, ...input });

describe('computeDeadline around 国庆 2026 (1–7 October off, Saturday 10 October worked)', () => {
  it('skips the Golden Week and lands on the make-up Saturday', () => {
    // Wednesday 30 September: day 0. Then Thu 8, Fri 9, Sat 10 (调休).
    expect(deadline({ acceptedAt: '2026-09-30T10:00:00+08:00', promisedDays: 3 })).toEqual({
      dueDate: '2026-10-10',
      limitDays: 3,
      pausedDays: 0,
      statutoryDueDate: '2026-11-03',
      provisional: false,
    });
  });

  it('takes day 0 from the local date, not the UTC one', () => {
    // 17:30 UTC on 30 September is 01:30 on 1 October in Zhoushan: accepted on a holiday.
    expect(deadline({ acceptedAt: '2026-09-30T17:30:00Z', promisedDays: 1 }).dueDate).toBe('2026-10-08');
    expect(deadline({ acceptedAt: '2026-09-30T15:59:59Z', promisedDays: 1 }).dueDate).toBe('2026-10-08');
    expect(deadline({ acceptedAt: '2026-10-07T16:30:00Z', promisedDays: 1 }).dueDate).toBe('2026-10-09');
  });

  it('gives an on-the-spot limit of 0 the day itself, or the next working day after a holiday', () => {
    expect(deadline({ acceptedAt: '2026-09-30T10:00:00+08:00', promisedDays: 0 }).dueDate).toBe('2026-09-30');
    expect(deadline({ acceptedAt: '2026-10-03T10:00:00+08:00', promisedDays: 0 }).dueDate).toBe('2026-10-08');
  });

  it('adds back the working days of a correction (补正) that spans the holiday', () => {
    // Accepted Monday 28 September, 补正 requested on the 29th, materials back on Friday 9 October:
    // the clock stood still on 30 September, 8 and 9 October.
    const result = deadline({
      acceptedAt: '2026-09-28T09:00:00+08:00',
      promisedDays: 5,
      pauses: [{ from: '2026-09-29T15:00:00+08:00', to: '2026-10-09T11:00:00+08:00', kind: 'correction' }],
    });
    expect(result.pausedDays).toBe(3);
    // 5 + 3 working days after the 28th: 29, 30, 8, 9, 10 (Sat), 12, 13, 14.
    expect(result.dueDate).toBe('2026-10-14');
    expect(dinghai.workingDaysBetween('2026-09-28', result.dueDate)).toBe(8);
  });

  it('counts an open pause up to now', () => {
    const pauses: Pause[] = [{ from: '2026-09-29T15:00:00+08:00', kind: 'suspension' }];
    const input = { acceptedAt: '2026-09-28T09:00:00+08:00', promisedDays: 5, pauses };
    expect(deadline({ ...input, now: new Date('2026-10-08T10:00:00+08:00') }).pausedDays).toBe(2);
    expect(deadline({ ...input, now: new Date('2026-10-12T10:00:00+08:00') }).pausedDays).toBe(5);
    expect(deadline({ ...input, now: new Date('2026-09-29T18:00:00+08:00') }).pausedDays).toBe(0);
  });

  it('stops the clock once for overlapping pauses, and not before acceptance', () => {
    const result = deadline({
      acceptedAt: '2026-09-28T09:00:00+08:00',
      promisedDays: 5,
      pauses: [
        { from: '2026-09-22T09:00:00+08:00', to: '2026-09-29T09:00:00+08:00', kind: 'correction' }, // 29th
        { from: '2026-09-29T09:00:00+08:00', to: '2026-10-09T09:00:00+08:00', kind: 'correction' }, // 30, 8, 9
        { from: '2026-10-08T09:00:00+08:00', to: '2026-10-09T09:00:00+08:00', kind: 'suspension' }, // inside
      ],
    });
    expect(result.pausedDays).toBe(4);
  });

  it('caps extensions (延期) at the statutory limit', () => {
    const accepted = { acceptedAt: '2026-09-28T09:00:00+08:00', promisedDays: 5, statutoryDays: 8 };
    expect(deadline({ ...accepted, extensionDays: 2 }).limitDays).toBe(7);
    const capped = deadline({ ...accepted, extensionDays: 10 });
    expect(capped.limitDays).toBe(8);
    expect(capped.dueDate).toBe(capped.statutoryDueDate);
    // A promise converted from hours or natural days may round above the statutory limit; the law wins.
    expect(deadline({ ...accepted, promisedDays: 9 }).limitDays).toBe(8);
  });

  it("uses the jurisdiction's own make-up days", () => {
    const calendar = WorkingCalendar.forJurisdiction(
      calendarConfigSchema.parse({
        localHolidays: [],
        localWorkdays: [{ date: '2026-03-07', name: '地方调休' }],
      }),
    );
    const input = { acceptedAt: '2026-03-06T09:00:00+08:00', promisedDays: 1 };
    expect(deadline({ ...input, calendar }).dueDate).toBe('2026-03-07');
    expect(deadline(input).dueDate).toBe('2026-03-09');
  });

  it.each<[string, Partial<DeadlineInput>]>([
    ['negative promised days', { promisedDays: -1 }],
    ['fractional promised days', { promisedDays: 1.5 }],
    ['negative statutory days', { statutoryDays: -2 }],
    ['fractional extension', { extensionDays: 0.5 }],
    ['NaN extension', { extensionDays: Number.NaN }],
    ['an instant without an offset', { acceptedAt: '2026-10-08T09:00:00' }],
    ['a date instead of an instant', { acceptedAt: '2026-10-08' }],
    ['an impossible instant', { acceptedAt: '2026-02-30T09:00:00+08:00' }],
    ['an invalid now', { now: new Date(Number.NaN) }],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }],
    [
      'a pause that ends before it starts',
      {
        pauses: [{ from: '2026-10-09T09:00:00+08:00', to: '2026-10-08T09:00:00+08:00', kind: 'correction' }],
      },
    ],
    ['a malformed pause', { pauses: [{ from: 'yesterday', kind: 'correction' }] }],
  ])('refuses %s', (_, bad) => {
    expect(() => deadline({ acceptedAt: '2026-09-28T09:00:00+08:00', promisedDays: 5, ...bad })).toThrow(
      RangeError,
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties. Instants span years with national data and a year beyond it.

const HOUR = 3_600_000;
const instant = fc
  .integer({ min: Date.parse('2004-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') })
  .map((ms) => new Date(ms));
const days = fc.integer({ min: 0, max: 60 });

const caseInput = fc
  .record({
    accepted: instant,
    promisedDays: days,
    statutoryDays: days,
    extensionDays: fc.integer({ min: 0, max: 30 }),
    pauses: fc.array(
      fc.record({
        startHours: fc.integer({ min: -48, max: 24 * 60 }),
        lengthHours: fc.integer({ min: 0, max: 24 * 40 }),
        open: fc.boolean(),
        kind: fc.constantFrom<Pause['kind']>('correction', 'suspension'),
      }),
      { maxLength: 3 },
    ),
    nowHours: fc.integer({ min: 0, max: 24 * 120 }),
  })
  .map(
    (c): DeadlineInput => ({
      calendar: dinghai,
      timeZone: TZ,
      acceptedAt: c.accepted.toISOString(),
      promisedDays: c.promisedDays,
      statutoryDays: c.statutoryDays,
      extensionDays: c.extensionDays,
      pauses: c.pauses.map((p) => {
        const from = c.accepted.getTime() + p.startHours * HOUR;
        return p.open
          ? { from: new Date(from).toISOString(), kind: p.kind }
          : {
              from: new Date(from).toISOString(),
              to: new Date(from + p.lengthHours * HOUR).toISOString(),
              kind: p.kind,
            };
      }),
      now: new Date(c.accepted.getTime() + c.nowHours * HOUR),
    }),
  );

const acceptedDateOf = (input: DeadlineInput) => toLocalDate(new Date(input.acceptedAt), TZ);

describe('computeDeadline properties', () => {
  it('always falls due on a working day, never before acceptance', () => {
    fc.assert(
      fc.property(caseInput, (input) => {
        const { dueDate, statutoryDueDate } = computeDeadline(input);
        expect(dinghai.isWorkingDay(dueDate)).toBe(true);
        expect(dinghai.isWorkingDay(statutoryDueDate)).toBe(true);
        expect(dueDate >= acceptedDateOf(input)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('with no pauses puts exactly limitDays working days between acceptance and the due date', () => {
    fc.assert(
      fc.property(caseInput, (input) => {
        const result = computeDeadline({ ...input, pauses: [] });
        fc.pre(result.limitDays >= 1);
        expect(result.pausedDays).toBe(0);
        expect(dinghai.workingDaysBetween(acceptedDateOf(input), result.dueDate)).toBe(result.limitDays);
      }),
      { numRuns: 1000 },
    );
  });

  it('limits to min(promised + extension, statutory) and never falls due after the statutory date', () => {
    fc.assert(
      fc.property(caseInput, (input) => {
        const result = computeDeadline(input);
        expect(result.limitDays).toBe(
          Math.min(input.promisedDays + (input.extensionDays ?? 0), input.statutoryDays),
        );
        expect(result.dueDate <= result.statutoryDueDate).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('never moves the due date earlier for a further extension or a further pause', () => {
    fc.assert(
      fc.property(
        caseInput,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 24 * 60 }),
        fc.integer({ min: 0, max: 24 * 30 }),
        (input, more, startHours, lengthHours) => {
          const before = computeDeadline(input);
          const extended = computeDeadline({ ...input, extensionDays: (input.extensionDays ?? 0) + more });
          expect(extended.dueDate >= before.dueDate).toBe(true);
          const from = Date.parse(input.acceptedAt) + startHours * HOUR;
          const pause: Pause = {
            from: new Date(from).toISOString(),
            to: new Date(from + lengthHours * HOUR).toISOString(),
            kind: 'suspension',
          };
          const paused = computeDeadline({ ...input, pauses: [...(input.pauses ?? []), pause] });
          expect(paused.dueDate >= before.dueDate).toBe(true);
          expect(paused.pausedDays >= before.pausedDays).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('moves the due date by exactly the k working days of a pause', () => {
    fc.assert(
      fc.property(
        caseInput,
        fc.integer({ min: 0, max: 24 * 60 }),
        fc.integer({ min: 0, max: 24 * 40 }),
        (input, startHours, lengthHours) => {
          const from = new Date(Date.parse(input.acceptedAt) + startHours * HOUR);
          const to = new Date(from.getTime() + lengthHours * HOUR);
          const k = dinghai.workingDaysBetween(toLocalDate(from, TZ), toLocalDate(to, TZ));
          const plain = computeDeadline({ ...input, pauses: [] });
          // A limit of 0 on a day off already rounds up to the next working day, which absorbs one paused day.
          fc.pre(plain.limitDays >= 1 || dinghai.isWorkingDay(acceptedDateOf(input)));
          const paused = computeDeadline({
            ...input,
            pauses: [{ from: from.toISOString(), to: to.toISOString(), kind: 'correction' }],
          });
          expect(paused.pausedDays).toBe(k);
          expect(dinghai.workingDaysBetween(plain.dueDate, paused.dueDate)).toBe(k);
          expect(dinghai.workingDaysBetween(plain.statutoryDueDate, paused.statutoryDueDate)).toBe(k);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('deadlines over a year without a published arrangement', () => {
  const december = { acceptedAt: '2026-12-07T10:00:00+08:00', promisedDays: 20 };
  const published2027 = WorkingCalendar.forJurisdiction(loadJurisdiction('dinghai').calendar, [
    {
      year: 2027,
      holidays: ['01-01', '01-02', '01-03', '01-04'].map((d) => ({ date: `2027-${d}`, name: '元旦' })),
      workdays: [{ date: '2027-01-09', name: '元旦' }],
    },
  ]);

  it('never promises New Year’s Day 2027, and says the date is provisional', () => {
    // Monday 7 December: 18 working days to the end of 2026, then 1 January (元旦) is skipped.
    const result = deadline(december);
    expect(result.dueDate).toBe('2027-01-05');
    expect(dinghai.isWorkingDay(result.dueDate)).toBe(true);
    expect(result.provisional).toBe(true);
    // Where weekends alone would have put it.
    expect(deadline({ ...december, acceptedAt: '2026-12-04T10:00:00+08:00' }).dueDate).toBe('2027-01-04');
    expect(deadline({ ...december, promisedDays: 19 }).dueDate).toBe('2027-01-04');
  });

  it('is firm once the year’s arrangement is published, and follows it', () => {
    const result = deadline({ ...december, calendar: published2027 });
    expect(result).toMatchObject({ dueDate: '2027-01-06', provisional: false });
    // Saturday 9 January is a make-up working day of that notice.
    expect(
      deadline({ ...december, promisedDays: 23, statutoryDays: 30, calendar: published2027 }).dueDate,
    ).toBe('2027-01-09');
  });

  it('is firm when everything stays within published years', () => {
    expect(deadline({ ...december, promisedDays: 5 }).provisional).toBe(false);
    expect(deadline({ ...december, promisedDays: 18 })).toMatchObject({
      dueDate: '2026-12-31',
      provisional: false,
    });
  });

  it('is provisional when a pause reaches into such a year, even if the due date does not', () => {
    const result = deadline({
      acceptedAt: '2026-11-02T10:00:00+08:00',
      promisedDays: 3,
      pauses: [{ from: '2026-11-20T10:00:00+08:00', to: '2027-01-04T10:00:00+08:00', kind: 'suspension' }],
    });
    expect(result.dueDate < '2027-01-01').toBe(true);
    expect(result.provisional).toBe(true);
  });

  it('is provisional exactly when the count from acceptance to the due date crosses such a year', () => {
    fc.assert(
      fc.property(caseInput, (input) => {
        const result = computeDeadline({ ...input, pauses: [] });
        expect(result.provisional).toBe(result.dueDate > '2026-12-31');
        expect(result.provisional).toBe(dinghai.isProvisional(acceptedDateOf(input), result.dueDate));
      }),
      { numRuns: 500 },
    );
  });
});

describe('maxExtensionDays', () => {
  it('leaves what remains of the statutory limit, never less than 0', () => {
    expect(maxExtensionDays(5, 20, 0)).toBe(15);
    expect(maxExtensionDays(5, 20, 10)).toBe(5);
    expect(maxExtensionDays(5, 20, 15)).toBe(0);
    expect(maxExtensionDays(5, 20, 30)).toBe(0);
    expect(maxExtensionDays(25, 20, 0)).toBe(0);
  });

  it('grants exactly up to the statutory due date and not a day more', () => {
    fc.assert(
      fc.property(caseInput, (input) => {
        const granted = input.extensionDays ?? 0;
        const more = maxExtensionDays(input.promisedDays, input.statutoryDays, granted);
        const full = computeDeadline({ ...input, extensionDays: granted + more });
        expect(full.limitDays).toBe(
          Math.max(input.statutoryDays, Math.min(input.promisedDays + granted, input.statutoryDays)),
        );
        expect(full.dueDate).toBe(full.statutoryDueDate);
        const beyond = computeDeadline({ ...input, extensionDays: granted + more + 1 });
        expect(beyond.dueDate).toBe(full.dueDate);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses negative or fractional days', () => {
    expect(() => maxExtensionDays(-1, 20, 0)).toThrow(RangeError);
    expect(() => maxExtensionDays(5, 20.5, 0)).toThrow(RangeError);
    expect(() => maxExtensionDays(5, 20, -3)).toThrow(RangeError);
  });
});

describe('workingDaysLeft and supervisionFlag', () => {
  it.each([
    ['2026-09-28', 4, 'on-time'], // Monday: 29, 30, 8, 9
    ['2026-09-29', 3, 'on-time'],
    ['2026-09-30', 2, 'due-soon'], // the holiday does not count
    ['2026-10-03', 2, 'due-soon'],
    ['2026-10-08', 1, 'due-soon'],
    ['2026-10-09', 0, 'due-soon'], // due today
    ['2026-10-10', -1, 'overdue'], // the make-up Saturday is a working day
    ['2026-10-11', -1, 'overdue'], // Sunday
    ['2026-10-12', -2, 'overdue'],
  ] as const)('for a case due Friday 9 October, on %s: %i left, %s', (today, left, flag) => {
    expect(workingDaysLeft(dinghai, '2026-10-09', today)).toBe(left);
    expect(supervisionFlag(dinghai, '2026-10-09', today)).toBe(flag);
  });

  it('is overdue on the weekend right after a Friday deadline', () => {
    expect(workingDaysLeft(dinghai, '2026-03-13', '2026-03-14')).toBe(-1);
    expect(supervisionFlag(dinghai, '2026-03-13', '2026-03-15')).toBe('overdue');
  });

  it('takes the yellow threshold as given', () => {
    expect(supervisionFlag(dinghai, '2026-10-09', '2026-10-08', 0)).toBe('on-time');
    expect(supervisionFlag(dinghai, '2026-10-09', '2026-10-09', 0)).toBe('due-soon');
    expect(supervisionFlag(dinghai, '2026-10-09', '2026-09-28', 5)).toBe('due-soon');
    expect(() => supervisionFlag(dinghai, '2026-10-09', '2026-09-28', -1)).toThrow(RangeError);
  });

  it('flags overdue exactly when today is after the due date, and counts working days otherwise', () => {
    const date = instant.map((d) => toLocalDate(d, TZ));
    fc.assert(
      fc.property(date, date, fc.integer({ min: 0, max: 10 }), (dueDate, today, dueSoon) => {
        const left = workingDaysLeft(dinghai, dueDate, today);
        const flag = supervisionFlag(dinghai, dueDate, today, dueSoon);
        expect(flag === 'overdue').toBe(today > dueDate);
        expect(left < 0).toBe(today > dueDate);
        if (today <= dueDate) {
          expect(left).toBe(dinghai.workingDaysBetween(today, dueDate));
          expect(flag).toBe(left <= dueSoon ? 'due-soon' : 'on-time');
        } else expect(left).toBe(-Math.max(1, dinghai.workingDaysBetween(dueDate, today)));
      }),
      { numRuns: 2000 },
    );
  });
});
