// The applicant's side of cases: upload materials, apply once (idempotently), follow, supplement, withdraw;
// reading a case and its history is also open to the staff of the departments involved. Progress by query
// code is public and carries no personal data.
import * as z from 'zod';
import {
  applicationSchema,
  materialSubmissionSchema,
  maxUploadBytes,
  uploadTypes,
} from '../../shared/cases/application.ts';
import { caseNumberSchema } from '../../shared/cases/case-number.ts';
import { CASE_STATUSES } from '../../shared/cases/lifecycle.ts';
import { roles } from '../../shared/identity.ts';
import { defineRoutes } from '../lib/route.ts';

export const caseParams = z.object({ caseNumber: caseNumberSchema.describe('办件编号 case number') });

// Responses, as documentation: the fields clients rely on (other fields may follow).
export const deadlineFields = {
  dueDate: z.iso.date().describe('承诺办结日期 the promised date, a working day of the jurisdiction'),
  provisional: z
    .boolean()
    .describe(
      '暂定: counted over a year whose holiday arrangement is not published yet (statutory holidays only); ' +
        'the date may move when it is',
    ),
};
const deadlineView = z.object({
  dueDate: deadlineFields.dueDate,
  limitDays: z.number().int().describe('working days: min(promised + extensions, statutory)'),
  pausedDays: z.number().int().describe('working days during which the clock stood still'),
  statutoryDueDate: z.iso.date(),
  provisional: deadlineFields.provisional,
});
export const caseSummaryView = z.looseObject({
  caseNumber: caseNumberSchema,
  kind: z.enum(['single', 'bundle', 'child']),
  itemName: z.string().optional(),
  itemCode: z.string().optional(),
  status: z.enum(CASE_STATUSES),
  statusName: z.string(),
  handlingDepartment: z.string().describe('the department that accepts and answers for the case'),
  applicantType: z.enum(['person', 'enterprise']),
  byAgent: z.boolean().optional().describe('an agent (代办人) applied on the applicant’s behalf'),
  promisedDays: z.number().int().optional().describe('承诺时限 in working days'),
  submittedAt: z.iso.datetime({ offset: true }),
  promisedBy: deadlineFields.dueDate.optional(),
  provisional: deadlineFields.provisional.optional(),
  updatedAt: z.iso.datetime({ offset: true }),
});
const applicants = ['citizen', 'enterprise', 'agent'] as const;
const everyone = roles;

export const casesRoutes = defineRoutes({
  'POST /uploads': {
    summary: 'A presigned S3 PUT for one material file (PDF, OFD, JPEG or PNG, at most 20 MB) and its key',
    tags: ['cases'],
    auth: applicants,
    status: 201,
    body: z.object({
      contentType: z.enum(uploadTypes),
      size: z.number().int().min(1).max(maxUploadBytes, `at most ${maxUploadBytes} bytes`),
    }),
  },
  'POST /cases': {
    summary:
      'Apply for an item or a one-thing bundle (一件事); the same Idempotency-Key returns the same case',
    tags: ['cases'],
    auth: applicants,
    status: 201,
    headers: z.object({
      'idempotency-key': z
        .string({ error: 'send an Idempotency-Key header (8–100 letters, digits, - or _)' })
        .regex(/^[A-Za-z0-9_-]{8,100}$/, '8–100 letters, digits, - or _'),
    }),
    body: applicationSchema,
  },
  'GET /cases': {
    summary: 'My cases (applicants), or a department’s cases in one status (staff; SUBMITTED by default)',
    tags: ['cases'],
    auth: everyone,
    query: z.object({
      status: z.enum(CASE_STATUSES).optional(),
      department: z
        .string()
        .min(1)
        .max(32)
        .optional()
        .describe(
          'Staff: the department whose queue to list (the service centre may list any, or * for every ' +
            'department at once: the oldest `limit`, without a cursor)',
        ),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(2048).optional(),
    }),
  },
  'GET /cases/{caseNumber}': {
    summary: 'One case with its tasks, deadline and next actions (applicant, agent, involved staff)',
    tags: ['cases'],
    auth: everyone,
    params: caseParams,
    response: caseSummaryView.extend({
      deadline: deadlineView.optional(),
      tasks: z.array(
        z.looseObject({ taskId: z.string(), status: z.string(), dueDate: z.iso.date().optional() }),
      ),
      actions: z.array(z.string()),
      flag: z.enum(['on-time', 'due-soon', 'overdue']).optional().describe('staff: supervision card'),
    }),
  },
  'GET /cases/{caseNumber}/materials': {
    summary:
      'The submitted materials and how each was given; an upload with a short-lived link to its file ' +
      '(applicant, agent, involved staff)',
    tags: ['cases'],
    auth: everyone,
    params: caseParams,
    response: z.object({
      caseNumber: caseNumberSchema,
      materials: z.array(
        z.looseObject({
          materialId: z.string(),
          via: z.enum(['upload', 'licence', 'commitment', 'deferred']),
          url: z.url().optional().describe('upload: a presigned GET of the file'),
          expiresAt: z.iso
            .datetime({ offset: true })
            .optional()
            .describe('upload: when the link stops working'),
        }),
      ),
    }),
  },
  'GET /cases/{caseNumber}/history': {
    summary: 'Every action on the case: who, role, what, opinion, when, status before and after',
    tags: ['cases'],
    auth: everyone,
    params: caseParams,
  },
  'GET /cases/{caseNumber}/history/verify': {
    summary: 'Whether the hash chain of the case history is intact',
    tags: ['cases'],
    auth: everyone,
    params: caseParams,
  },
  'POST /cases/{caseNumber}/supplements': {
    summary: '补正 answer a correction request with every missing material and field',
    tags: ['cases'],
    auth: applicants,
    params: caseParams,
    body: z.object({
      materials: z.array(materialSubmissionSchema).max(100).default([]),
      form: z.record(z.string(), z.unknown()).optional(),
      note: z.string().trim().min(1).max(500).optional(),
    }),
  },
  'POST /cases/{caseNumber}/withdraw': {
    summary: '撤回 withdraw the application before a decision',
    tags: ['cases'],
    auth: applicants,
    params: caseParams,
    body: z.object({ reasons: z.string().trim().min(1).max(500).optional() }).default({}),
  },
  'GET /progress/{caseNumber}': {
    summary: '办件进度 public progress with the query code: status, current step, promised date',
    tags: ['cases'],
    auth: 'public',
    params: caseParams,
    query: z.object({ queryCode: z.string().regex(/^[0-9A-Za-z]{8}$/, 'the 8-character query code') }),
    response: z.looseObject({
      caseNumber: caseNumberSchema,
      status: z.enum(CASE_STATUSES),
      currentStep: z.string(),
      promisedBy: deadlineFields.dueDate.optional(),
      provisional: deadlineFields.provisional.optional(),
    }),
  },
});
