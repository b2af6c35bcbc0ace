// Appointments function: 预约 and 上门办 over HTTP, and, on its schedule, the day-before reminders.
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { tableCalendarSource } from '../calendar/wiring.ts';
import { createItemSource } from '../cases/items.ts';
import { createCaseStore } from '../cases/store.ts';
import { createCatalogueStore } from '../catalogue/store.ts';
import { clock } from '../lib/clock.ts';
import { dynamo } from '../lib/dynamo.ts';
import { jurisdiction, resource } from '../lib/env.ts';
import { type HttpEvent, httpFunction } from '../lib/http.ts';
import { kms } from '../lib/kms.ts';
import { logger } from '../lib/logger.ts';
import { createPersonalData } from '../lib/personal-data.ts';
import { tablePrincipalDirectory } from '../lib/principals.ts';
import { appointmentsRoutes } from './routes.ts';
import { createAppointmentSealing } from './sealing.ts';
import { createAppointments } from './service.ts';
import { createAppointmentStore } from './store.ts';

const tableName = resource('TABLE_NAME');
const db = dynamo();
const cases = createCaseStore(db, tableName);
const appointments = createAppointments({
  db,
  tableName,
  jurisdiction,
  clock,
  calendars: tableCalendarSource(tableName),
  store: createAppointmentStore(db, tableName),
  items: createItemSource(createCatalogueStore(db, tableName)),
  cases: { submitter: async (n) => (await cases.getCase(n))?.submittedBy },
  sealing: createAppointmentSealing(
    createPersonalData({ kms: kms(), db, keyId: resource('PERSONAL_DATA_KEY_ID'), table: tableName }),
    tableName,
  ),
});

const http = httpFunction(
  appointmentsRoutes,
  {
    'GET /items/{code}/appointment-slots': ({ params, query }) => appointments.slots(params.code, query),
    'POST /appointments': ({ principal, body }) => appointments.book(principal, body),
    'GET /appointments': ({ principal }) => appointments.mine(principal),
    'GET /appointments/{id}': ({ principal, params }) => appointments.get(principal, params.id),
    'POST /appointments/{id}/reschedule': ({ principal, params, body }) =>
      appointments.reschedule(principal, params.id, body.slotId),
    'POST /appointments/{id}/cancel': ({ principal, params }) => appointments.cancel(principal, params.id),
    'GET /window/appointments': ({ principal, query }) => appointments.day(principal, query),
    'POST /appointments/{id}/arrival': ({ principal, params }) =>
      appointments.mark(principal, params.id, 'arrived'),
    'POST /appointments/{id}/no-show': ({ principal, params }) =>
      appointments.mark(principal, params.id, 'no-show'),
  },
  { principals: tablePrincipalDirectory(dynamo, () => tableName) },
);

const scheduled = z.object({ 'detail-type': z.literal('Scheduled Event'), source: z.literal('aws.events') });

export const handler = async (event: unknown, context: Context) => {
  if (scheduled.safeParse(event).success) {
    const outcomes = await appointments.remind();
    logger.info('appointment reminders', { outcomes });
    return outcomes;
  }
  return http(event as HttpEvent, context);
};
