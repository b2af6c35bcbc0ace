// 12345 诉求工单: filing (signed in, by a hotline operator for a caller, or an anonymous report), following a
// ticket, the staff's queues and the centre's board, and each step of the flow (shared/tickets.ts).
import * as z from 'zod';
import {
  anonymousInputSchema,
  dispatchInputSchema,
  resolutionSchema,
  TICKET_STATUSES,
  ticketInputSchema,
  ticketNumberSchema,
} from '../../shared/tickets.ts';
import { defineRoutes } from '../lib/route.ts';

const text = (max: number) => z.string().trim().min(2).max(max);
const staff = ['clerk', 'reviewer', 'supervisor', 'admin'] as const;
const people = ['citizen', 'enterprise', 'agent'] as const;
export const ticketParams = z.object({ ticketNumber: ticketNumberSchema.describe('工单编号 ticket number') });
const queryCode = z.string().regex(/^[0-9A-Za-z]{8}$/, 'the 8-character query code');

export const ticketsRoutes = defineRoutes({
  'POST /tickets': {
    summary:
      '提交诉求 file a ticket (咨询 求助 投诉 举报 建议 数据异议); a hotline operator of the centre files for a caller (onBehalfOf)',
    tags: ['tickets'],
    auth: [...people, 'clerk'],
    body: ticketInputSchema,
    status: 201,
  },
  'POST /tickets/anonymous': {
    summary: '匿名举报 an anonymous report: followed with the query code it returns',
    tags: ['tickets'],
    auth: 'public',
    body: anonymousInputSchema,
    status: 201,
  },
  'GET /tickets/{ticketNumber}/progress': {
    summary: 'A ticket by its number and query code (anonymous filers too): status, dates, the reply',
    tags: ['tickets'],
    auth: 'public',
    params: ticketParams,
    query: z.object({ queryCode }),
  },
  'GET /tickets/{ticketNumber}': {
    summary:
      'One ticket with its deadlines and the steps open to the caller (the filer, the units, the centre)',
    tags: ['tickets'],
    auth: [...people, ...staff],
    params: ticketParams,
  },
  'GET /tickets/{ticketNumber}/history': {
    summary: 'Every step of a ticket, hash-chained, and whether the chain is intact',
    tags: ['tickets'],
    auth: [...people, ...staff],
    params: ticketParams,
  },
  'GET /tickets': {
    summary:
      "Mine (filers); my department's queue (staff: lead and assisting), oldest first; supervisors: ?status=overdue (督办)",
    tags: ['tickets'],
    auth: [...people, ...staff],
    query: z.object({
      status: z.enum([...TICKET_STATUSES, 'open', 'overdue']).default('open'),
    }),
  },
  'GET /tickets/board': {
    summary: "The centre's board: every open ticket by age in working days, with its stage and deadline",
    tags: ['tickets'],
    auth: ['clerk', 'supervisor', 'admin'],
  },
  'POST /tickets/{ticketNumber}/dispatch': {
    summary:
      '派单 the centre dispatches to a lead unit and assisting units (the suggestion is on the ticket)',
    tags: ['tickets'],
    auth: ['clerk', 'supervisor'],
    params: ticketParams,
    body: dispatchInputSchema,
  },
  'POST /tickets/{ticketNumber}/sign': {
    summary: '签收 the lead unit signs for the ticket; the handling limit starts',
    tags: ['tickets'],
    auth: staff,
    params: ticketParams,
    body: z.object({}).default({}),
  },
  'POST /tickets/{ticketNumber}/send-back': {
    summary: '退单 the lead unit sends it back with reasons (not its remit); the centre dispatches again',
    tags: ['tickets'],
    auth: staff,
    params: ticketParams,
    body: z.object({ reasons: text(500) }),
  },
  'POST /tickets/{ticketNumber}/assist-sign': {
    summary: '协办签收 an assisting unit signs for its part of the ticket',
    tags: ['tickets'],
    auth: staff,
    params: ticketParams,
    body: z.object({}).default({}),
  },
  'POST /tickets/{ticketNumber}/contribution': {
    summary: '协办意见 an assisting unit gives its opinion to the lead unit, which reads it before replying',
    tags: ['tickets'],
    auth: staff,
    params: ticketParams,
    body: z.object({ text: text(2000) }),
  },
  'POST /tickets/{ticketNumber}/extension': {
    summary: '延期申请 the lead unit asks the centre for more working days, with reasons',
    tags: ['tickets'],
    auth: staff,
    params: ticketParams,
    body: z.object({ days: z.number().int().min(1).max(30), reasons: text(500) }),
  },
  'POST /tickets/{ticketNumber}/extension/decision': {
    summary: '延期审批 the centre approves or refuses the extension request',
    tags: ['tickets'],
    auth: ['clerk', 'supervisor'],
    params: ticketParams,
    body: z.object({ approved: z.boolean(), opinion: text(500) }),
  },
  'POST /tickets/{ticketNumber}/reply': {
    summary:
      '答复 the lead unit replies; a data dispute says whether the licence is confirmed or corrected (and how)',
    tags: ['tickets'],
    auth: staff,
    params: ticketParams,
    body: z.object({ text: text(2000), resolution: resolutionSchema.optional() }),
  },
  'POST /tickets/{ticketNumber}/visit': {
    summary: '回访 the centre records the return visit: satisfaction 1 非常满意 … 5 非常不满意',
    tags: ['tickets'],
    auth: ['clerk', 'supervisor'],
    params: ticketParams,
    body: z.object({
      level: z.number().int().min(1, '1 非常满意 … 5 非常不满意').max(5, '1 非常满意 … 5 非常不满意'),
      note: text(500).optional(),
    }),
  },
  'POST /tickets/{ticketNumber}/reopen': {
    summary: '重办 the filer (or the centre) reopens a ticket after an unsatisfied visit, within the window',
    tags: ['tickets'],
    auth: [...people, 'clerk', 'supervisor'],
    params: ticketParams,
    body: z.object({ reason: text(500) }),
  },
  'POST /tickets/{ticketNumber}/close': {
    summary: '办结 the centre closes a ticket after an unsatisfied visit it will not reopen',
    tags: ['tickets'],
    auth: ['clerk', 'supervisor'],
    params: ticketParams,
    body: z.object({ opinion: text(500) }),
  },
  'POST /tickets/suggestion': {
    summary: '智能派单 the departments a text would go to, best first, with the words that matched each',
    tags: ['tickets'],
    auth: ['clerk', 'supervisor'],
    body: z.object({ text: text(2000) }),
  },
});
