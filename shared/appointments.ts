// 预约 and 上门办: the slots an item offers, drawn from the halls' opening hours on the jurisdiction's
// working-day calendar; the cut-off times of booking, moving and cancelling; the no-show rule; and the
// address of a home visit. Pure functions over the config (shared/appointments-config.ts) and a calendar.
//
// A slot is one window's (or, for a home visit, one department's team's) period of `slotMinutes` on one
// working day, named by an id that says all of it: `<hall>.<window>.<YYYY-MM-DD>.<HHMM>` at a hall,
// `home.<department>.<YYYY-MM-DD>.<HHMM>` for home visits. Its capacity is the window's (or the team's)
// from the config at the moment of booking.

import * as z from 'zod';
import type { AppointmentsConfig, HallConfig, OpeningHours, WindowConfig } from './appointments-config.ts';
import { addCalendarDays, calendarDaysBetween, type WorkingCalendar } from './calendar.ts';
import type { Jurisdiction } from './jurisdiction.ts';
import type { SealedValue } from './sealed.ts';
import { zonedInstant } from './tickets.ts';

export const APPOINTMENT_KINDS = ['hall', 'home'] as const;
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];
export const APPOINTMENT_STATUSES = ['booked', 'cancelled', 'arrived', 'no-show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const slotIdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,15}\.[a-z0-9][a-z0-9-]{0,31}\.\d{4}-\d{2}-\d{2}\.([01]\d|2[0-3])[0-5]\d$/,
    'a slot id as the slot list gives it, e.g. main.a01.2026-12-09.0830',
  );

export interface Slot {
  id: string;
  kind: AppointmentKind;
  /** The hall's id (`home` for home visits). */
  hall: string;
  hallName: string;
  /** The window's id, or the department whose team visits. */
  window: string;
  windowName: string;
  date: string;
  /** Local 'HH:MM'. */
  start: string;
  end: string;
  capacity: number;
}

/** What of an item the slots depend on. */
export interface BookableItem {
  code: string;
  department: string;
  appointment: boolean;
  homeVisit: boolean;
}

const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The starts ('HH:MM') of the slots of `length` minutes that fit whole in the opening periods. */
export const slotStarts = (hours: OpeningHours, length: number): string[] =>
  hours.flatMap((p) => {
    const starts: string[] = [];
    for (let m = minutesOf(p.from); m + length <= minutesOf(p.to); m += length) starts.push(hhmm(m));
    return starts;
  });

/** Whether a window takes the item: listed, of a listed department, or a window that takes everything. */
export const windowServes = (window: WindowConfig, item: Pick<BookableItem, 'code' | 'department'>) =>
  (window.departments.length === 0 && window.items.length === 0) ||
  window.departments.includes(item.department) ||
  window.items.includes(item.code);

/** The windows of every hall that take the item, with their hall. */
export const windowsFor = (config: AppointmentsConfig, item: Pick<BookableItem, 'code' | 'department'>) =>
  config.halls.flatMap((hall) =>
    hall.windows.filter((w) => windowServes(w, item)).map((window) => ({ hall, window })),
  );

const hallSlot = (
  config: AppointmentsConfig,
  hall: HallConfig,
  window: WindowConfig,
  date: string,
  start: string,
): Slot => ({
  id: `${hall.id}.${window.id}.${date}.${start.replace(':', '')}`,
  kind: 'hall',
  hall: hall.id,
  hallName: hall.name,
  window: window.id,
  windowName: window.name,
  date,
  start,
  end: hhmm(minutesOf(start) + config.slotMinutes),
  capacity: window.capacity ?? config.capacity,
});

const homeSlot = (
  config: AppointmentsConfig,
  department: { code: string; name: string },
  date: string,
  start: string,
): Slot => ({
  id: `home.${department.code}.${date}.${start.replace(':', '')}`,
  kind: 'home',
  hall: 'home',
  hallName: '上门服务',
  window: department.code,
  windowName: department.name,
  date,
  start,
  end: hhmm(minutesOf(start) + config.homeVisits.slotMinutes),
  capacity: config.homeVisits.capacity,
});

/** The dates people may book on today: from today through the horizon, working days only. */
export const bookableDates = (
  config: AppointmentsConfig,
  calendar: WorkingCalendar,
  today: string,
  range: { from?: string; to?: string } = {},
) => {
  const last = addCalendarDays(today, config.horizonDays - 1);
  const from = range.from && range.from > today ? range.from : today;
  const to = range.to && range.to < last ? range.to : last;
  const dates: string[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) if (calendar.isWorkingDay(d)) dates.push(d);
  return dates;
};

/** Every slot of the item of one kind on the given dates (the cut-off is the caller's: see `cutoffProblem`). */
export const slotsForItem = (
  jurisdiction: Pick<Jurisdiction, 'appointments' | 'departments'>,
  item: BookableItem,
  kind: AppointmentKind,
  dates: readonly string[],
): Slot[] => {
  const config = jurisdiction.appointments;
  if (kind === 'home') {
    const department = jurisdiction.departments.find((d) => d.code === item.department);
    if (!item.homeVisit || !department) return [];
    const starts = slotStarts(config.homeVisits.hours, config.homeVisits.slotMinutes);
    return dates.flatMap((date) => starts.map((start) => homeSlot(config, department, date, start)));
  }
  if (!item.appointment) return [];
  const windows = windowsFor(config, item);
  return dates.flatMap((date) =>
    windows.flatMap(({ hall, window }) =>
      slotStarts(hall.hours ?? config.hours, config.slotMinutes).map((start) =>
        hallSlot(config, hall, window, date, start),
      ),
    ),
  );
};

/**
 * The slot an id names, if the item may be booked there: the window (or team) takes the item, the day is a
 * working day and the time is one of the day's slots. Undefined otherwise, with no hint of which part failed.
 */
export const slotOf = (
  jurisdiction: Pick<Jurisdiction, 'appointments' | 'departments'>,
  calendar: WorkingCalendar,
  item: BookableItem,
  slotId: string,
): Slot | undefined => {
  const parsed = /^([^.]+)\.([^.]+)\.(\d{4}-\d{2}-\d{2})\.(\d{2})(\d{2})$/.exec(slotId);
  if (!parsed) return undefined;
  const [, hall, , date, h, m] = parsed as unknown as [string, string, string, string, string, string];
  let isDate = false;
  try {
    isDate = calendar.isWorkingDay(date);
  } catch {
    return undefined;
  }
  if (!isDate) return undefined;
  const start = `${h}:${m}`;
  return slotsForItem(jurisdiction, item, hall === 'home' ? 'home' : 'hall', [date]).find(
    (s) => s.id === slotId && s.start === start,
  );
};

/** When a slot starts, as an instant. */
export const slotStartsAt = (slot: Pick<Slot, 'date' | 'start'>, timeZone: string) =>
  zonedInstant(slot.date, `${slot.start}:00`, timeZone);

export type CutoffAction = 'book' | 'reschedule' | 'cancel';

/**
 * Why the action is too late for the slot (its cut-off before the start has passed), in words people read;
 * undefined while it may still be done.
 */
export const cutoffProblem = (
  config: AppointmentsConfig,
  action: CutoffAction,
  slot: Pick<Slot, 'date' | 'start'>,
  now: Date,
  timeZone: string,
): string | undefined => {
  const minutes = {
    book: config.cutoffs.bookMinutes,
    reschedule: config.cutoffs.rescheduleMinutes,
    cancel: config.cutoffs.cancelMinutes,
  }[action];
  const closes = slotStartsAt(slot, timeZone).getTime() - minutes * 60_000;
  if (now.getTime() <= closes) return undefined;
  const what = { book: '预约', reschedule: '改约', cancel: '取消' }[action];
  return `${what}须在开始前 ${minutes} 分钟办理，${slot.date} ${slot.start} 的时段已过截止时间 (the cut-off for this slot has passed)`;
};

/** Whether a slot is within the booking horizon from today. */
export const withinHorizon = (config: AppointmentsConfig, date: string, today: string) => {
  const ahead = calendarDaysBetween(today, date);
  return ahead >= 0 && ahead < config.horizonDays;
};

/**
 * 爽约限制: the last day booking is barred after the person's no-shows (local dates), or undefined when it is
 * not. `count` no-shows within `withinDays` days bar booking for `blockDays` days from the last of them.
 */
export const barredUntil = (
  rule: AppointmentsConfig['noShow'],
  noShowDates: readonly string[],
  today: string,
): string | undefined => {
  const dates = [...noShowDates].sort();
  let until: string | undefined;
  for (let i = rule.count - 1; i < dates.length; i++) {
    const first = dates[i - rule.count + 1]!;
    const last = dates[i]!;
    if (calendarDaysBetween(first, last) < rule.withinDays) {
      const end = addCalendarDays(last, rule.blockDays - 1);
      if (!until || end > until) until = end;
    }
  }
  return until && until >= today ? until : undefined;
};

/** The no-shows that still count on `today` (older ones can never bar booking again). */
export const countingSince = (rule: AppointmentsConfig['noShow'], today: string) =>
  addCalendarDays(today, -(rule.withinDays + rule.blockDays));

/** Whether the window may record an arrival or a no-show for an appointment now. */
export const attendanceProblem = (
  config: AppointmentsConfig,
  mark: 'arrived' | 'no-show',
  slot: Pick<Slot, 'date' | 'start'>,
  now: Date,
  today: string,
  timeZone: string,
): string | undefined => {
  if (mark === 'arrived')
    return slot.date === today ? undefined : `到场只能在预约当天 ${slot.date} 登记 (on the day only)`;
  const from = slotStartsAt(slot, timeZone).getTime() + config.noShow.graceMinutes * 60_000;
  return now.getTime() >= from
    ? undefined
    : `爽约须在时段开始 ${config.noShow.graceMinutes} 分钟后登记 (only after the slot's start and the grace period)`;
};

// --- 上门办 the address of a home visit -------------------------------------------------------------------

const provinces = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65'.split(' '),
);

/**
 * Why a county-level division code (GB/T 2260, 6 digits) cannot be a visit's address here, or undefined:
 * it must be county-level (not ending in 00) and lie within the jurisdiction (its province, prefecture or
 * county as the jurisdiction's own code says).
 */
export const divisionProblem = (
  code: string,
  jurisdiction: Pick<Jurisdiction, 'divisionCode' | 'level'>,
): string | undefined => {
  if (!/^\d{6}$/.test(code)) return '6 位区县代码 (a 6-digit division code)';
  if (!provinces.has(code.slice(0, 2))) return '开头不是省级代码 (does not start with a province code)';
  if (code.endsWith('00')) return '须为区县级代码 (a county-level code, not a province or prefecture)';
  const own = jurisdiction.divisionCode;
  const within =
    jurisdiction.level === 'province'
      ? code.startsWith(own.slice(0, 2))
      : own.endsWith('00')
        ? code.startsWith(own.slice(0, 4))
        : code === own;
  return within ? undefined : `不在本辖区（${own}）内 (outside this jurisdiction: visits are made within it)`;
};

/** The address a home visit goes to; the phone is the one the visitor calls on the way. */
export const homeAddressSchema = (jurisdiction: Pick<Jurisdiction, 'divisionCode' | 'level'>) =>
  z
    .strictObject({
      divisionCode: z.string().superRefine((code, ctx) => {
        const problem = divisionProblem(code, jurisdiction);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
      /** 乡镇（街道）code, 9 digits, when known; must lie in the county. */
      townshipCode: z
        .string()
        .regex(/^\d{9}$/, '9 位乡镇（街道）代码 (a 9-digit township code)')
        .optional(),
      /** Street, number, building, room. */
      detail: z
        .string()
        .trim()
        .min(5, '请写明街道、门牌号和房号，至少 5 个字 (the street, number and room)')
        .max(120)
        .regex(/\p{Script=Han}|\d/u, '请写明街道、门牌号和房号 (the street, number and room)'),
      contactPhone: z.string().regex(/^1[3-9]\d{9}$/, '11 位手机号码 (a mobile number of 11 digits)'),
      /** What the visitor should know: stairs, a wheelchair, when to call. */
      note: z.string().trim().max(200).optional(),
    })
    .refine((a) => !a.townshipCode || a.townshipCode.startsWith(a.divisionCode), {
      path: ['townshipCode'],
      message: '乡镇（街道）不在所填区县内 (the township lies in another county)',
    });
export type HomeAddress = z.infer<ReturnType<typeof homeAddressSchema>>;

export interface Appointment {
  id: string;
  kind: AppointmentKind;
  status: AppointmentStatus;
  itemCode: string;
  itemName: string;
  department: string;
  slot: Slot;
  /** The booker: their subject and name (for the window's day list), and their role. */
  sub: string;
  name: string;
  role: string;
  caseNumber?: string;
  /** As stored, its street, phone and note masked (functions/appointments/sealing.ts). */
  address?: HomeAddress;
  /** The address's personal fields sealed for the appointment's row, by path (`address.detail` …). */
  sealed?: Record<string, SealedValue>;
  bookedAt: string;
  updatedAt: string;
  rescheduledFrom?: string[];
  cancelledAt?: string;
  markedAt?: string;
  markedBy?: { sub: string; name: string };
  remindedAt?: string;
  rev: number;
}
