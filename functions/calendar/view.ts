// A year's working-day calendar as the API shows it (GET /jurisdiction, PUT /admin/calendar/{year}): the
// response schema the OpenAPI document describes, next to the calendar it renders.
import * as z from 'zod';

const dayView = z.object({ date: z.iso.date(), name: z.string(), scope: z.enum(['national', 'local']) });

export const calendarYearView = z.object({
  year: z.number().int(),
  source: z
    .enum(['published', 'statutory', 'weekends'])
    .describe(
      "published: the State Council's arrangement (published by an admin, or known to the platform); " +
        'statutory: not out yet, the statutory holidays of the national regulation and their 补假 only; ' +
        'weekends: outside what the platform knows',
    ),
  provisional: z.boolean().describe('deadlines counted over this year may still move'),
  notice: z.string().optional().describe('the notice an admin published the arrangement under'),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  holidays: z.array(dayView).describe('weekdays off'),
  workdays: z.array(dayView).describe('weekend days worked (调休)'),
});
