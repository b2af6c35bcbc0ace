// Case-handling function: what staff do — the window's acceptance, supervisors' extensions and supervision
// lists, special procedures, the department reviewers' task queues and decisions, and the admin's holiday
// arrangements. Each request counts with the calendar as published a few seconds ago at most.
import { createArrangementStore } from '../calendar/store.ts';
import { createHandling } from '../cases/handling.ts';
import { createCalendarPublication } from '../cases/publish-calendar.ts';
import { createReading } from '../cases/reading.ts';
import { createReview } from '../cases/review.ts';
import { caseContext } from '../cases/service.ts';
import { dynamo } from '../lib/dynamo.ts';
import { resource } from '../lib/env.ts';
import { httpFunction } from '../lib/http.ts';
import { tablePrincipalDirectory } from '../lib/principals.ts';
import { caseHandlingRoutes } from './routes.ts';

const ctx = caseContext();
const cases = { ...createHandling(ctx), review: createReview(ctx), read: createReading(ctx) };
const calendar = createCalendarPublication(ctx, createArrangementStore(dynamo(), resource('TABLE_NAME')));

export const handler = httpFunction(
  caseHandlingRoutes,
  {
    'POST /cases/{caseNumber}/acceptance': async ({ params, body, principal }) =>
      cases.accept(params.caseNumber, principal, body),
    'POST /cases/{caseNumber}/extensions': async ({ params, body, principal }) =>
      cases.extend(params.caseNumber, principal, body),
    'POST /cases/{caseNumber}/suspensions': async ({ params, body, principal }) =>
      cases.suspend(params.caseNumber, principal, body),
    'POST /cases/{caseNumber}/resumption': async ({ params, body, principal }) =>
      cases.resume(params.caseNumber, principal, body),
    'GET /supervision/cases': async ({ query }) => cases.read.supervision(query),
    'GET /tasks': async ({ query, principal }) =>
      cases.review.list(principal, query.status, query.limit, query.cursor),
    'POST /tasks/{taskId}/claim': async ({ params, principal }) =>
      cases.review.claim(params.taskId, principal),
    'POST /tasks/{taskId}/decision': async ({ params, body, principal }) =>
      cases.review.decide(params.taskId, principal, body),
    'PUT /admin/calendar/{year}': async ({ params, body, principal }) =>
      calendar.publish(params.year, body, principal),
  },
  { principals: tablePrincipalDirectory(dynamo, () => resource('TABLE_NAME')) },
).before(async () => {
  await ctx.deps.calendars.fresh();
});
