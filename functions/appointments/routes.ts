// 预约 and 上门办: the slots of an item, booking, moving and cancelling, the person's own list, and the
// window's day list with arrivals and no-shows.
import * as z from 'zod';
import { APPOINTMENT_KINDS, slotIdSchema } from '../../shared/appointments.ts';
import { caseNumberSchema } from '../../shared/cases/case-number.ts';
import { defineRoutes } from '../lib/route.ts';

const people = ['citizen', 'enterprise', 'agent'] as const;
const itemCode = z.string().regex(/^[0-9A-Za-z-]{4,40}$/, 'an implementation code such as 330902-QT-0001');
const date = z.iso.date({ error: 'a date as YYYY-MM-DD' });
const appointmentParams = z.object({
  id: z.string().regex(/^YY\d{6}[0-9A-Z]{6}$/, 'an appointment number such as YY2612094F7K2Q'),
});

export const appointmentsRoutes = defineRoutes({
  'GET /items/{code}/appointment-slots': {
    summary:
      '可预约时段 the slots of an item (at the halls, or home visits with kind=home) with the places left, from today through the horizon',
    tags: ['appointments'],
    auth: 'public',
    params: z.object({ code: itemCode }),
    query: z
      .object({ kind: z.enum(APPOINTMENT_KINDS).default('hall'), from: date.optional(), to: date.optional() })
      .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'on or after from' }),
  },
  'POST /appointments': {
    summary:
      '预约 book a slot for an item (an optional case number; a home-visit slot needs the address); 409 when the slot is full',
    tags: ['appointments'],
    auth: people,
    body: z.strictObject({
      itemCode,
      slotId: slotIdSchema,
      caseNumber: caseNumberSchema.optional(),
      /** For a home-visit slot: divisionCode, townshipCode, detail, contactPhone, note. */
      address: z.record(z.string(), z.unknown()).optional(),
    }),
    status: 201,
  },
  'GET /appointments': {
    summary: '我的预约 my appointments, latest first, and whether booking is paused after no-shows',
    tags: ['appointments'],
    auth: people,
  },
  'GET /appointments/{id}': {
    summary: 'One appointment (its booker; the window staff who serve it)',
    tags: ['appointments'],
    auth: [...people, 'clerk'],
    params: appointmentParams,
  },
  'POST /appointments/{id}/reschedule': {
    summary: '改约 move a booked appointment to another slot of the same item, before the cut-off',
    tags: ['appointments'],
    auth: people,
    params: appointmentParams,
    body: z.strictObject({ slotId: slotIdSchema }),
  },
  'POST /appointments/{id}/cancel': {
    summary: '取消预约 cancel a booked appointment before the cut-off',
    tags: ['appointments'],
    auth: people,
    params: appointmentParams,
  },
  'GET /window/appointments': {
    summary:
      "窗口当日预约 a hall's appointments of a day (the first hall unless said; hall=home: the home visits), in slot order; the service centre sees every department's",
    tags: ['appointments'],
    auth: ['clerk'],
    query: z.object({
      hall: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{0,15}$/, 'a hall id, or home')
        .optional(),
      date: date.optional(),
      window: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{0,31}$/)
        .optional(),
    }),
  },
  'POST /appointments/{id}/arrival': {
    summary: '到场 the window records that the person came (on the day)',
    tags: ['appointments'],
    auth: ['clerk'],
    params: appointmentParams,
  },
  'POST /appointments/{id}/no-show': {
    summary: '爽约 the window records that the person did not come (after the slot’s start and grace period)',
    tags: ['appointments'],
    auth: ['clerk'],
    params: appointmentParams,
  },
});
