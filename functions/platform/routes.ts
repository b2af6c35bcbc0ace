// Platform routes: liveness, the jurisdiction's public profile and the API description.
import * as z from 'zod';
import { calendarYearView } from '../calendar/view.ts';
import { defineRoutes } from '../lib/route.ts';

export const platformRoutes = defineRoutes({
  'GET /health': {
    summary: 'Liveness check',
    tags: ['platform'],
    auth: 'public',
    response: z.object({ status: z.literal('ok'), jurisdiction: z.string() }),
  },
  'GET /jurisdiction': {
    summary:
      "The jurisdiction's public profile: names, departments, contacts and this year's working-day calendar",
    tags: ['platform'],
    auth: 'public',
    query: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
    response: z.looseObject({
      id: z.string(),
      calendar: calendarYearView,
    }),
  },
  'GET /openapi.json': {
    summary: 'This API as an OpenAPI 3.1 document, generated from the route schemas',
    tags: ['platform'],
    auth: 'public',
  },
});
