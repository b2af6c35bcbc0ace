// 好差评: rating a concluded case or a window visit, the handling unit's rectification of a bad review (return call,
// rectification, reply, appeal and its decision), the public statistics, and the 办不成事 record.
import * as z from 'zod';
import {
  ratingInputSchema,
  visitCodeSchema,
  visitIdSchema,
  visitRatingInputSchema,
  windowVisitInputSchema,
} from '../../shared/ratings.ts';
import { unresolvedQuery } from '../../shared/unresolved.ts';
import { caseParams } from '../cases/routes.ts';
import { defineRoutes } from '../lib/route.ts';
import { replySignatureHeaders } from './sms-replies.ts';

const text = (max: number) => z.string().trim().min(2).max(max);
const staff = ['clerk', 'reviewer', 'supervisor', 'admin'] as const;

export const ratingsRoutes = defineRoutes({
  'POST /cases/{caseNumber}/rating': {
    summary: '评价 rate a concluded case once: level 1 非常满意 … 5 非常不满意, aspects, comment, channel',
    tags: ['ratings'],
    auth: ['citizen', 'enterprise', 'agent'],
    params: caseParams,
    body: ratingInputSchema,
    status: 201,
  },
  'GET /cases/{caseNumber}/rating': {
    summary: 'The rating of a case and its rectification (the rater, and the staff of the handling unit)',
    tags: ['ratings'],
    auth: ['citizen', 'enterprise', 'agent', ...staff],
    params: caseParams,
  },
  'GET /rectifications': {
    summary:
      "差评整改 my department's rectifications (open or done); supervisors: every overdue one, every appealed one",
    tags: ['ratings'],
    auth: staff,
    query: z.object({
      status: z.enum(['open', 'done', 'overdue', 'appealed']).default('open'),
    }),
  },
  'POST /cases/{caseNumber}/rectification/call': {
    summary: '回访 record the return call to the rater (within 1 working day)',
    tags: ['ratings'],
    auth: staff,
    params: caseParams,
    body: z.object({ reached: z.boolean(), note: text(1000) }),
  },
  'POST /cases/{caseNumber}/rectification/rectify': {
    summary: '整改 record what was put right (within 15 working days)',
    tags: ['ratings'],
    auth: staff,
    params: caseParams,
    body: z.object({ measures: text(2000) }),
  },
  'POST /cases/{caseNumber}/rectification/reply': {
    summary: '答复 reply to the rater; the rectification is closed',
    tags: ['ratings'],
    auth: staff,
    params: caseParams,
    body: z.object({ text: text(2000) }),
  },
  'POST /cases/{caseNumber}/rectification/appeal': {
    summary: '申诉 the unit appeals a mistaken or malicious review, with reasons',
    tags: ['ratings'],
    auth: staff,
    params: caseParams,
    body: z.object({ reason: text(2000) }),
  },
  'POST /cases/{caseNumber}/rectification/appeal-decision': {
    summary:
      "A supervisor decides the unit's appeal: upheld voids the review, refused resumes the rectification",
    tags: ['ratings'],
    auth: ['supervisor'],
    params: caseParams,
    body: z.object({ upheld: z.boolean(), opinion: text(1000) }),
  },
  'GET /unresolved': {
    summary:
      '办不成事 what people could not get done on a day (日汇总) or up to 31 days (周分析): refusals, denials, overdue cases and bad reviews, counted by kind and department',
    tags: ['ratings', 'supervision'],
    auth: staff,
    query: unresolvedQuery,
  },
  'POST /window-visits': {
    summary:
      '窗口服务评价 the window clerk records a visit (consultation or handled on the spot): its number and the code for the QR code',
    tags: ['ratings'],
    auth: ['clerk'],
    body: windowVisitInputSchema,
    status: 201,
  },
  'GET /window-visits/{visitId}': {
    summary:
      'What a window visit rates (unit, service, item, clerk) and whether it can still be rated, by its code',
    tags: ['ratings'],
    auth: 'public',
    params: z.object({ visitId: visitIdSchema }),
    query: z.object({ code: visitCodeSchema }),
  },
  'POST /window-visits/{visitId}/rating': {
    summary: 'Rates a window visit once, by the QR code or the hall tablet, with its code',
    tags: ['ratings'],
    auth: 'public',
    params: z.object({ visitId: visitIdSchema }),
    body: visitRatingInputSchema,
    status: 201,
  },
  'POST /sms/replies': {
    summary:
      "短信评价 the SMS provider's push of a reply (上行短信) to a rating invitation, signed (HMAC-SHA256 with the " +
      'access key secret): a level 1–5 is recorded once with channel sms; a reply that cannot be used is answered once',
    tags: ['ratings'],
    auth: 'public',
    headers: z.object({
      [replySignatureHeaders.accessKeyId]: z.string().max(64).optional(),
      [replySignatureHeaders.timestamp]: z.string().max(40).optional(),
      [replySignatureHeaders.nonce]: z.string().max(64).optional(),
      [replySignatureHeaders.signature]: z.string().max(100).optional(),
    }),
  },
  'GET /ratings/stats': {
    summary:
      '好差评 statistics: counts per level, satisfaction rate, rectification rate and on time, per department and item',
    tags: ['ratings'],
    auth: 'public',
  },
});
