// E-licences for their holders and for the offices that use them: the wallet, one licence (with a
// short-lived PDF link), who else has read it, and status changes by the issuing department.
import * as z from 'zod';
import { caseNumberSchema } from '../../shared/cases/case-number.ts';
import { LICENCE_STATUSES } from '../../shared/licences/licence.ts';
import { defineRoutes } from '../lib/route.ts';

export const licenceParams = z.object({
  id: z
    .string()
    .regex(/^1\.2\.156\.3005\.2\.[0-9A-Z.]{20,100}$/, 'an e-licence identifier (1.2.156.3005.2.…)'),
});

export const licencesRoutes = defineRoutes({
  'GET /licences': {
    summary: 'My e-licences (电子证照夹)',
    tags: ['licences'],
    auth: ['citizen', 'enterprise'],
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(2048).optional(),
    }),
  },
  'GET /licences/{id}': {
    summary:
      'One licence with its credential and a 5-minute PDF link; staff name the case that cites it and why',
    tags: ['licences'],
    auth: ['citizen', 'enterprise', 'clerk', 'reviewer', 'supervisor'],
    params: licenceParams,
    query: z.object({
      caseNumber: caseNumberSchema.optional(),
      reason: z.string().trim().min(2).max(200).optional(),
    }),
  },
  'GET /licences/{id}/access-log': {
    summary: 'Every read of my licence by an office: who, department, case, reason, when',
    tags: ['licences'],
    auth: ['citizen', 'enterprise'],
    params: licenceParams,
  },
  'POST /licences/{id}/status': {
    summary: '暂扣 suspend, 撤销 revoke, 注销 cancel or restore a licence (admin of the issuing department)',
    tags: ['licences'],
    auth: ['admin'],
    params: licenceParams,
    body: z.object({
      status: z.enum(LICENCE_STATUSES).exclude(['expired']),
      reason: z.string().trim().min(2).max(500),
    }),
  },
});
