// 物流寄递 routes: the applicant's choice of pick-up or delivery, the delivery and tracking of a case for
// the applicant and the staff, the courier's signed tracking callback, and the window's records of
// materials that came by post and of a returned result handed over.
import * as z from 'zod';
import { deliveryChoiceSchema, mailedMaterialsSchema } from '../../shared/delivery.ts';
import { roles } from '../../shared/identity.ts';
import { caseParams } from '../cases/routes.ts';
import { defineRoutes } from '../lib/route.ts';
import { signatureHeaders } from './courier.ts';

const applicants = ['citizen', 'enterprise', 'agent'] as const;

export const deliveryRoutes = defineRoutes({
  'PUT /cases/{caseNumber}/delivery': {
    summary:
      '领取方式 choose or change pick-up at the hall or delivery by courier (with an address whose province, ' +
      'city and county codes must belong together), until the result is sent',
    tags: ['delivery'],
    auth: applicants,
    params: caseParams,
    body: deliveryChoiceSchema,
  },
  'GET /cases/{caseNumber}/delivery': {
    summary:
      'How the result reaches the applicant: the choice, the waybill and its tracking timeline, materials ' +
      'received by post (applicant, agent, involved staff)',
    tags: ['delivery'],
    auth: roles,
    params: caseParams,
  },
  'POST /courier/tracking': {
    summary:
      "The courier's tracking callback: a batch of signed events (HMAC-SHA256 with the app secret), each " +
      'recorded once by its event id, in time order whatever order they come in',
    tags: ['delivery'],
    auth: 'public',
    headers: z.object({
      [signatureHeaders.appKey]: z.string().max(64).optional(),
      [signatureHeaders.timestamp]: z.string().max(40).optional(),
      [signatureHeaders.signature]: z.string().max(100).optional(),
    }),
  },
  'POST /cases/{caseNumber}/mailed-materials': {
    summary: '邮寄材料 the window records materials that arrived by post, with their waybill number',
    tags: ['delivery'],
    auth: ['clerk'],
    params: caseParams,
    body: mailedMaterialsSchema,
    status: 201,
  },
  'POST /cases/{caseNumber}/pickup': {
    summary: '领取 the window hands over a result that came back from a failed delivery',
    tags: ['delivery'],
    auth: ['clerk'],
    params: caseParams,
    body: z.object({ note: z.string().trim().max(500).optional() }),
  },
});
