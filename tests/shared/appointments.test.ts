import { describe, expect, it } from 'vitest';
import { loadJurisdiction } from '../../infra/jurisdictions/index.ts';
import {
  attendanceProblem,
  barredUntil,
  bookableDates,
  cutoffProblem,
  divisionProblem,
  homeAddressSchema,
  slotOf,
  slotStarts,
  slotsForItem,
  withinHorizon,
} from '../../shared/appointments.ts';
import { appointmentsConfigSchema } from '../../shared/appointments-config.ts';
import { WorkingCalendar } from '../../shared/calendar.ts';
import { jurisdictionSchema } from '../../shared/jurisdiction.ts';

const dinghai = loadJurisdiction('dinghai');
const calendar = WorkingCalendar.forJurisdiction(dinghai.calendar);
const config = dinghai.appointments;
const tz = 'Asia/Shanghai';
const idCard = { code: '330902-QT-0001', department: 'gaj', appointment: true, homeVisit: false };
const allowance = { code: '330902-JF-0054', department: 'mzj', appointment: true, homeVisit: true };

describe('slots', () => {
  it('cuts the opening periods into whole slots', () => {
    expect(
      slotStarts(
        [
          { from: '08:30', to: '12:00' },
          { from: '14:00', to: '17:30' },
        ],
        30,
      ),
    ).toHaveLength(14);
    expect(slotStarts([{ from: '09:00', to: '10:50' }], 30)).toEqual(['09:00', '09:30', '10:00']);
  });

  it('offers working days only, from today through the horizon', () => {
    // 2026-12-31 Thursday; 2027-01-01 New Year's Day; 2–3 January a weekend.
    const dates = bookableDates(config, calendar, '2026-12-31');
    expect(dates[0]).toBe('2026-12-31');
    expect(dates).not.toContain('2027-01-01');
    expect(dates).not.toContain('2027-01-02');
    expect(dates.at(-1)! <= '2027-01-13').toBe(true);
    expect(bookableDates(config, calendar, '2026-12-31', { from: '2027-01-04', to: '2027-01-05' })).toEqual([
      '2027-01-04',
      '2027-01-05',
    ]);
    expect(withinHorizon(config, '2027-01-13', '2026-12-31')).toBe(true);
    expect(withinHorizon(config, '2027-01-14', '2026-12-31')).toBe(false);
    expect(withinHorizon(config, '2026-12-30', '2026-12-31')).toBe(false);
  });

  it('offers the windows that take the item: its department’s and the general ones', () => {
    const slots = slotsForItem(dinghai, idCard, 'hall', ['2026-12-09']);
    const windows = [...new Set(slots.map((s) => s.window))].sort();
    expect(windows).toEqual(['a01', 'a02', 'b01']);
    expect(slots[0]).toMatchObject({
      id: 'main.a01.2026-12-09.0830',
      start: '08:30',
      end: '09:00',
      capacity: 3,
      hallName: '定海区行政服务中心',
    });
    // The street centre's own hours and capacity.
    const street = slotsForItem(dinghai, allowance, 'hall', ['2026-12-09']).filter(
      (s) => s.hall === 'yancang',
    );
    expect(street[0]).toMatchObject({ start: '08:30', capacity: 2 });
    expect(street.at(-1)!.end).toBe('17:00');
    expect(slotsForItem(dinghai, { ...idCard, appointment: false }, 'hall', ['2026-12-09'])).toEqual([]);
  });

  it('offers home visits only for items that allow them', () => {
    expect(slotsForItem(dinghai, idCard, 'home', ['2026-12-09'])).toEqual([]);
    const home = slotsForItem(dinghai, allowance, 'home', ['2026-12-09']);
    expect(home.map((s) => s.start)).toEqual(['09:00', '10:00', '14:30', '15:30']);
    expect(home[0]).toMatchObject({ id: 'home.mzj.2026-12-09.0900', kind: 'home', capacity: 1 });
  });

  it('finds a slot by its id only where the item may be booked', () => {
    expect(slotOf(dinghai, calendar, idCard, 'main.b01.2026-12-09.0900')?.end).toBe('09:30');
    expect(slotOf(dinghai, calendar, idCard, 'main.c01.2026-12-09.0900')).toBeUndefined();
    expect(slotOf(dinghai, calendar, idCard, 'main.b01.2026-12-12.0900')).toBeUndefined(); // Saturday
    expect(slotOf(dinghai, calendar, idCard, 'main.b01.2026-12-09.0915')).toBeUndefined();
    expect(slotOf(dinghai, calendar, idCard, 'main.b01.2026-12-09.1200')).toBeUndefined();
    expect(slotOf(dinghai, calendar, idCard, 'main.b01.2026-13-09.0900')).toBeUndefined();
    expect(slotOf(dinghai, calendar, allowance, 'home.mzj.2026-12-09.1430')?.kind).toBe('home');
    expect(slotOf(dinghai, calendar, allowance, 'home.gaj.2026-12-09.1430')).toBeUndefined();
  });
});

describe('cut-offs', () => {
  const slot = { date: '2026-12-09', start: '09:00' };
  it('closes booking, moving and cancelling at their minutes before the start', () => {
    expect(cutoffProblem(config, 'book', slot, new Date('2026-12-09T08:30:00+08:00'), tz)).toBeUndefined();
    expect(cutoffProblem(config, 'book', slot, new Date('2026-12-09T08:31:00+08:00'), tz)).toMatch(/30 分钟/);
    expect(
      cutoffProblem(config, 'reschedule', slot, new Date('2026-12-09T07:00:00+08:00'), tz),
    ).toBeUndefined();
    expect(
      cutoffProblem(config, 'reschedule', slot, new Date('2026-12-09T07:01:00+08:00'), tz),
    ).toBeDefined();
    expect(cutoffProblem(config, 'cancel', slot, new Date('2026-12-09T08:01:00+08:00'), tz)).toBeDefined();
  });

  it('takes arrivals on the day and no-shows after the grace period', () => {
    const at = (t: string) => new Date(`2026-12-09T${t}:00+08:00`);
    expect(attendanceProblem(config, 'arrived', slot, at('08:00'), '2026-12-09', tz)).toBeUndefined();
    expect(attendanceProblem(config, 'arrived', slot, at('08:00'), '2026-12-08', tz)).toBeDefined();
    expect(attendanceProblem(config, 'no-show', slot, at('09:14'), '2026-12-09', tz)).toBeDefined();
    expect(attendanceProblem(config, 'no-show', slot, at('09:15'), '2026-12-09', tz)).toBeUndefined();
  });
});

describe('no-shows', () => {
  const rule = config.noShow;
  it('bars booking for 30 days from the third no-show within 90 days', () => {
    const three = ['2026-10-01', '2026-11-20', '2026-12-01'];
    expect(barredUntil(rule, three, '2026-12-02')).toBe('2026-12-30');
    expect(barredUntil(rule, three, '2026-12-30')).toBe('2026-12-30');
    expect(barredUntil(rule, three, '2026-12-31')).toBeUndefined();
    expect(barredUntil(rule, ['2026-09-01', '2026-11-20', '2026-12-01'], '2026-12-02')).toBeUndefined();
    expect(barredUntil(rule, three.slice(1), '2026-12-02')).toBeUndefined();
  });
  it('follows the config', () => {
    const strict = appointmentsConfigSchema.parse({ noShow: { count: 1, blockDays: 7 } }).noShow;
    expect(barredUntil(strict, ['2026-12-01'], '2026-12-05')).toBe('2026-12-07');
  });
});

describe('home visit address', () => {
  const schema = homeAddressSchema(dinghai);
  const good = {
    divisionCode: '330902',
    detail: '定海区环城南路 88 号 3 幢 201 室',
    contactPhone: '13800000001',
  };
  it('takes an address in the jurisdiction with a mobile to call', () => {
    expect(schema.safeParse(good).success).toBe(true);
    expect(schema.safeParse({ ...good, townshipCode: '330902001' }).success).toBe(true);
  });
  it('names what is wrong field by field', () => {
    const result = schema.safeParse({ divisionCode: '330903', detail: '家', contactPhone: '0580123' });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['contactPhone', 'detail', 'divisionCode']);
    expect(schema.safeParse({ ...good, townshipCode: '330903001' }).error?.issues[0]?.path).toEqual([
      'townshipCode',
    ]);
  });
  it('reads division codes as their level says', () => {
    expect(divisionProblem('330900', dinghai)).toMatch(/county-level/);
    expect(divisionProblem('990902', dinghai)).toMatch(/province/);
    const maanshan = loadJurisdiction('maanshan');
    expect(divisionProblem('340503', maanshan)).toBeUndefined();
    expect(divisionProblem('340103', maanshan)).toMatch(/outside/);
  });
});

describe('config', () => {
  it('gives the five samples halls and fills defaults', () => {
    for (const id of ['dinghai', 'maanshan', 'ngari', 'xinglongtai', 'zjk-edz'])
      expect(loadJurisdiction(id).appointments.halls.length).toBeGreaterThan(0);
    expect(config.cutoffs).toEqual({ bookMinutes: 30, rescheduleMinutes: 120, cancelMinutes: 60 });
    expect(config.noShow).toMatchObject({ count: 3, withinDays: 90, blockDays: 30 });
  });
  it('refuses overlapping hours, twice-listed windows and unknown departments', () => {
    const input = JSON.parse(JSON.stringify(dinghai));
    input.appointments.halls[0].hours = [
      { from: '08:30', to: '12:00' },
      { from: '11:00', to: '10:00' },
    ];
    input.appointments.halls[0].windows[1].id = 'a01';
    input.appointments.halls[0].windows[2].departments = ['nope'];
    const paths = jurisdictionSchema
      .safeParse(input)
      .error!.issues.map((i) => i.path.join('.'))
      .sort();
    expect(paths).toEqual([
      'appointments.halls.0.hours.1.from',
      'appointments.halls.0.hours.1.to',
      'appointments.halls.0.windows.1.id',
      'appointments.halls.0.windows.2.departments.0',
    ]);
  });
});
