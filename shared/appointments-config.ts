// 预约 what a jurisdiction sets in its config (`appointments`): its halls (政务服务大厅) with their windows,
// the hours each is open on a working day, which departments or items each window serves, slot length and
// capacity, how far ahead people may book, the cut-off times, the no-show rule and home visits (上门办).
// Kept apart from shared/appointments.ts so the jurisdiction schema can include it without importing the
// calendar (which imports the jurisdiction schema).
import * as z from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM');
const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,15}$/, 'a short lowercase id such as main or a01');
const departmentCode = z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, 'a department code of this jurisdiction');
const itemCode = z.string().regex(/^[0-9A-Za-z-]{4,40}$/, 'an implementation code of an item');

/** Opening periods of a working day, e.g. 08:30–12:00 and 14:00–17:30; in order and not overlapping. */
export const openingHoursSchema = z
  .array(z.strictObject({ from: hhmm, to: hhmm }))
  .min(1)
  .max(4)
  .superRefine((periods, ctx) => {
    periods.forEach((p, i) => {
      if (minutesOf(p.to) <= minutesOf(p.from))
        ctx.addIssue({ code: 'custom', path: [i, 'to'], message: 'after the period’s start' });
      const before = periods[i - 1];
      if (before && minutesOf(p.from) < minutesOf(before.to))
        ctx.addIssue({ code: 'custom', path: [i, 'from'], message: 'after the previous period ends' });
    });
  });
export type OpeningHours = z.infer<typeof openingHoursSchema>;

export const windowSchema = z.strictObject({
  id: slug,
  /** As the window's sign reads, e.g. 综合受理1号窗口. */
  name: z.string().min(2).max(40),
  /**
   * What it serves: the items of these departments and these items. Both empty: every item
   * (无差别综合窗口).
   */
  departments: z.array(departmentCode).default([]),
  items: z.array(itemCode).default([]),
  /** People one slot of this window takes; the jurisdiction's `capacity` when absent. */
  capacity: z.number().int().min(1).max(50).optional(),
});

export const hallSchema = z.strictObject({
  id: slug,
  name: z.string().min(2).max(64),
  address: z.string().min(4).max(128),
  /** Opening hours on each working day of the jurisdiction's calendar; the jurisdiction's `hours` when absent. */
  hours: openingHoursSchema.optional(),
  windows: z.array(windowSchema).min(1).max(100),
});

export const appointmentsConfigSchema = z
  .strictObject({
    halls: z.array(hallSchema).max(20).default([]),
    /** Opening hours of a hall that names none. */
    hours: openingHoursSchema.default([
      { from: '08:30', to: '12:00' },
      { from: '14:00', to: '17:30' },
    ]),
    slotMinutes: z.number().int().min(5).max(240).default(30),
    /** People one slot of one window takes. */
    capacity: z.number().int().min(1).max(50).default(3),
    /** How many days ahead (natural days, today included) slots are offered. */
    horizonDays: z.number().int().min(1).max(90).default(14),
    /** Minutes before a slot starts after which it can no longer be booked, moved from or cancelled. */
    cutoffs: z
      .strictObject({
        bookMinutes: z.number().int().min(0).max(2880).default(30),
        rescheduleMinutes: z.number().int().min(0).max(2880).default(120),
        cancelMinutes: z.number().int().min(0).max(2880).default(60),
      })
      .prefault({}),
    /** 爽约: `count` no-shows within `withinDays` days bar booking for `blockDays` days from the last. */
    noShow: z
      .strictObject({
        count: z.number().int().min(1).max(20).default(3),
        withinDays: z.number().int().min(1).max(365).default(90),
        blockDays: z.number().int().min(1).max(365).default(30),
        /** Minutes after a slot starts before the window may record a no-show. */
        graceMinutes: z.number().int().min(0).max(240).default(15),
      })
      .prefault({}),
    /** 上门办: visits to people's homes for the items that allow them, per handling department. */
    homeVisits: z
      .strictObject({
        hours: openingHoursSchema.default([
          { from: '09:00', to: '11:00' },
          { from: '14:30', to: '16:30' },
        ]),
        slotMinutes: z.number().int().min(30).max(240).default(60),
        /** Visits one department's team makes in one slot. */
        capacity: z.number().int().min(1).max(20).default(1),
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    const halls = new Set<string>();
    config.halls.forEach((hall, i) => {
      if (halls.has(hall.id))
        ctx.addIssue({
          code: 'custom',
          path: ['halls', i, 'id'],
          message: `hall ${hall.id} is listed twice`,
        });
      halls.add(hall.id);
      const windows = new Set<string>();
      hall.windows.forEach((w, j) => {
        if (windows.has(w.id))
          ctx.addIssue({
            code: 'custom',
            path: ['halls', i, 'windows', j, 'id'],
            message: `window ${w.id} is listed twice in hall ${hall.id}`,
          });
        windows.add(w.id);
      });
    });
  });
export type AppointmentsConfig = z.infer<typeof appointmentsConfigSchema>;
export type HallConfig = z.infer<typeof hallSchema>;
export type WindowConfig = z.infer<typeof windowSchema>;
