// 统一支付: the order of a case (the applicant's and staff's view), the reviewer's assessment with a reduction,
// the provider's callback, refunds asked by staff and approved by a supervisor, the receipt and its
// verification, the orders in each state, and the reconciliation of a day.
import * as z from 'zod';
import { ORDER_STATUSES } from '../../shared/payments.ts';
import { caseParams } from '../cases/routes.ts';
import { defineRoutes } from '../lib/route.ts';
import { callbackBodySchema } from './provider.ts';

const text = (max: number) => z.string().trim().min(2).max(max);
const fenAmount = z.number().int().min(0).max(1_000_000_000).describe('fen (分), an integer');
const staff = ['clerk', 'reviewer', 'supervisor', 'admin'] as const;
const applicants = ['citizen', 'enterprise', 'agent'] as const;

export const reductionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exemption'), basis: text(200), reason: text(500) }),
  z.object({
    kind: z.literal('percent'),
    percent: z.number().int().min(1).max(100),
    basis: text(200),
    reason: text(500),
  }),
  z.object({ kind: z.literal('amount'), amountFen: fenAmount.min(1), basis: text(200), reason: text(500) }),
]);

const refundParams = caseParams.extend({ refundId: z.string().regex(/^RF[0-9A-Za-z-]{4,100}$/) });

export const paymentsRoutes = defineRoutes({
  'GET /cases/{caseNumber}/payment': {
    summary: '缴费 the payment order of a case: amount, 缴款码, deadline, the pay page, refunds, receipt',
    tags: ['payments'],
    auth: [...applicants, ...staff],
    params: caseParams,
  },
  'POST /cases/{caseNumber}/payment/assessment': {
    summary:
      '核定 a reviewer of the collecting department sets open amounts (fen) and may apply a documented reduction or exemption; the order is (re)issued',
    tags: ['payments'],
    auth: ['reviewer'],
    params: caseParams,
    body: z.object({
      amounts: z
        .array(z.object({ line: z.number().int().min(0).max(50), amountFen: fenAmount }))
        .max(50)
        .optional(),
      reduction: reductionSchema.optional(),
    }),
  },
  'POST /cases/{caseNumber}/payment/refunds': {
    summary: '退款申请 staff ask for a full or partial refund with the reason; a supervisor approves it',
    tags: ['payments'],
    auth: ['clerk', 'reviewer'],
    params: caseParams,
    body: z.object({ amountFen: fenAmount.min(1), reason: text(500) }),
    status: 201,
  },
  'POST /cases/{caseNumber}/payment/refunds/{refundId}/decision': {
    summary: '退款审批 a supervisor approves (the provider refunds at once) or refuses a refund request',
    tags: ['payments'],
    auth: ['supervisor'],
    params: refundParams,
    body: z.object({ approve: z.boolean(), opinion: text(500) }),
  },
  'GET /cases/{caseNumber}/payment/receipt': {
    summary: '电子票据 the sealed receipt of a paid order (compact JWS) and what it says',
    tags: ['payments'],
    auth: [...applicants, ...staff],
    params: caseParams,
  },
  'POST /payments/receipts/verify': {
    summary: '票据查验 anyone checks a receipt: its seal, that it is on record, and whether it was refunded',
    tags: ['payments'],
    auth: 'public',
    body: z.object({ receipt: z.string().trim().min(10).max(20_000) }),
  },
  'POST /payments/callback': {
    summary:
      "The payment provider's asynchronous notice of a payment or refund, signed with its key; applied once",
    tags: ['payments'],
    auth: 'public',
    body: callbackBodySchema,
  },
  'GET /payments/orders': {
    summary:
      "Orders in a state (the staff's queue: to assess, refunds to approve); a department sees its own",
    tags: ['payments'],
    auth: staff,
    query: z.object({ status: z.enum([...ORDER_STATUSES, 'REFUND_REQUESTED']).default('ASSESSING') }),
  },
  'GET /payments/reconciliation': {
    summary: '对账 the ledger of a day against the provider’s statement, every difference listed',
    tags: ['payments'],
    auth: ['supervisor', 'admin'],
    query: z.object({ day: z.iso.date() }),
  },
});
