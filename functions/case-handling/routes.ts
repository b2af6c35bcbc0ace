// The staff side of cases: the window's acceptance (受理 / 不予受理 / 补正), supervisors' extensions and
// supervision lists, special procedures, the department reviewers' task queues and decisions, and the
// admin's publication of a year's holiday arrangement, which recounts the deadlines it changes.
import * as z from 'zod';
import { arrangementInputSchema } from '../../shared/holiday-arrangement.ts';
import { calendarYearView } from '../calendar/view.ts';
import { caseParams, caseSummaryView, deadlineFields } from '../cases/routes.ts';
import { defineRoutes } from '../lib/route.ts';

const missing = z
  .array(
    z.object({
      materialId: z.string().min(1).max(48).optional(),
      field: z.string().min(1).max(64).optional(),
      reason: z.string().trim().min(1).max(300),
    }),
  )
  .min(1)
  .max(50);
const text = (max: number) => z.string().trim().min(1).max(max);
const taskParams = z.object({ taskId: z.string().min(1).max(60) });

export const caseHandlingRoutes = defineRoutes({
  'POST /cases/{caseNumber}/acceptance': {
    summary:
      '受理: accept (the clock starts), reject (不予受理, with reasons) or ask for a correction (补正)',
    tags: ['handling'],
    auth: ['clerk'],
    params: caseParams,
    body: z.object({
      decision: z.enum(['accept', 'reject', 'correct']),
      complete: z.boolean().optional().describe('即办件: accept and complete on the spot'),
      reasons: text(1000).optional(),
      missing: missing.optional(),
    }),
  },
  'POST /cases/{caseNumber}/extensions': {
    summary: '延期 extend the limit by working days, with reasons; never past the statutory limit',
    tags: ['handling'],
    auth: ['supervisor'],
    params: caseParams,
    body: z.object({ days: z.number().int().min(1).max(365), reasons: text(1000) }),
  },
  'POST /cases/{caseNumber}/suspensions': {
    summary: '特别程序 suspend for a hearing, testing, expert review or inspection (the clock stops)',
    tags: ['handling'],
    auth: ['reviewer', 'supervisor'],
    params: caseParams,
    body: z.object({
      kind: z.enum(['hearing', 'testing', 'expert-review', 'inspection', 'other']),
      reasons: text(1000),
    }),
  },
  'POST /cases/{caseNumber}/resumption': {
    summary: 'End the special procedure: the clock runs again',
    tags: ['handling'],
    auth: ['reviewer', 'supervisor'],
    params: caseParams,
    body: z.object({ note: text(1000).optional() }).default({}),
  },
  'GET /supervision/cases': {
    summary: '电子监察 cases due soon (yellow) or overdue (red), earliest deadline first',
    tags: ['handling'],
    auth: ['supervisor', 'admin'],
    query: z.object({
      flag: z.enum(['due-soon', 'overdue']),
      department: z.string().min(1).max(32).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    response: z.object({
      flag: z.enum(['due-soon', 'overdue']),
      today: z.iso.date(),
      cases: z.array(
        caseSummaryView.extend({
          flag: z.enum(['on-time', 'due-soon', 'overdue']),
          dueDate: deadlineFields.dueDate,
          provisional: deadlineFields.provisional,
          workingDaysLeft: z.number().int().describe('0 on the due date; negative once overdue'),
          handlingDepartment: z.string(),
          overdueAt: z.iso.datetime({ offset: true }).optional(),
        }),
      ),
    }),
  },
  'PUT /admin/calendar/{year}': {
    summary:
      "发布放假安排 publish the State Council's holiday arrangement of a year (days off, 调休 make-up days); " +
      'open cases whose deadlines change are counted again, each with a history entry',
    tags: ['handling'],
    auth: ['admin'],
    params: z.object({
      year: z.coerce
        .number()
        .int()
        .min(2025, 'a year from 2025 (earlier years keep the arrangements already known)')
        .max(2100),
    }),
    body: arrangementInputSchema,
    response: z.object({
      arrangement: z.looseObject({ year: z.number().int(), rev: z.number().int(), publishedAt: z.string() }),
      calendar: calendarYearView,
      cases: z.object({
        checked: z.number().int().describe('open cases looked at'),
        recomputed: z.array(z.string()).describe('cases whose deadline changed, each with a history entry'),
        failed: z
          .array(z.object({ caseNumber: z.string(), reason: z.string() }))
          .describe('cases to recount by sending the same arrangement again'),
      }),
    }),
  },
  'GET /tasks': {
    summary:
      "My department's tasks: pending (earliest deadline first, each with its working days left and its " +
      'supervision card) or done',
    tags: ['handling'],
    auth: ['reviewer'],
    query: z.object({
      status: z.enum(['pending', 'done']).default('pending'),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(2048).optional(),
    }),
  },
  'POST /tasks/{taskId}/claim': {
    summary: 'Claim a pending task of my department',
    tags: ['handling'],
    auth: ['reviewer'],
    params: taskParams,
  },
  'POST /tasks/{taskId}/decision': {
    summary: 'Decide a task: approve, deny (ends the case as denied) or ask the applicant for a correction',
    tags: ['handling'],
    auth: ['reviewer'],
    params: taskParams,
    body: z.object({
      decision: z.enum(['approve', 'deny', 'correct']),
      opinion: text(2000),
      missing: missing.optional(),
    }),
  },
});
