// Payments function: the HTTP routes of routes.ts, the review workflow's charge step (a task token to answer
// once the case is paid, waived or closed unpaid), the cases that ended without their result (a paid order
// refunded in full), and the schedule that closes unpaid orders, sends
// approved refunds again and reconciles the previous day.
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { caseNumberSchema } from '../../shared/cases/case-number.ts';
import { caseContext } from '../cases/service.ts';
import { clock } from '../lib/clock.ts';
import { dynamo } from '../lib/dynamo.ts';
import { isBound, jurisdiction, resource } from '../lib/env.ts';
import { eventFunction, subscribedEvents } from '../lib/event-function.ts';
import { httpFunction, reply } from '../lib/http.ts';
import { kms } from '../lib/kms.ts';
import { logger } from '../lib/logger.ts';
import { tablePrincipalDirectory } from '../lib/principals.ts';
import { OFD_CONTENT_TYPE } from '../licences/service.ts';
import { createKmsSigner } from '../licences/signer.ts';
import { licenceFiles } from '../licences/wiring.ts';
import { secretSource } from '../sign-in/secrets.ts';
import { nonTaxProvider } from './provider.ts';
import { paymentsRoutes } from './routes.ts';
import { createPayments, orderView } from './service.ts';
import { paymentsTypes } from './subscriptions.ts';

const config = jurisdiction.payments;
const secrets = secretSource(() => resource('SECRET_PARAMETER_PREFIX'));
const ctx = caseContext();
const receiptFiles = licenceFiles();
const payments = createPayments({
  db: dynamo(),
  tableName: resource('TABLE_NAME'),
  jurisdiction,
  clock,
  ctx,
  ...(config
    ? {
        provider: nonTaxProvider({
          // The local cloud points the provider's address and key at its simulator (a test double of the
          // network and of the provider's key pair).
          endpoint: process.env.PAYMENT_ENDPOINT_URL ?? config.endpoint,
          merchantId: config.merchantId,
          providerPublicKey: process.env.PAYMENT_PROVIDER_PUBLIC_KEY ?? config.providerPublicKey,
          merchantKey: () => secrets(config.merchantKeySecret),
          now: () => clock.now(),
        }),
      }
    : {}),
  signer: createKmsSigner(kms(), resource('SIGNING_KEY_ID')),
  log: (message, details) => logger.warn(message, details),
  ...(isBound('SM2_SIGNING_KEY_ID')
    ? {
        receiptOfd: {
          // The renderer (fonts, fontkit) and the SM2 seal load at the first receipt, not at a cold start.
          render: async (input) => (await import('./receipt-ofd.ts')).renderReceiptOfd(input),
          seal: async (ofd, options) => (await import('../licences/seal-wiring.ts')).sealOfd(ofd, options),
          put: (key, ofd) => receiptFiles.put(key, ofd, OFD_CONTENT_TYPE),
          downloadUrl: receiptFiles.downloadUrl,
          verifyUrl: `${jurisdiction.publicUrl ?? ''}/check`,
        },
      }
    : {}),
});

const http = httpFunction(
  paymentsRoutes,
  {
    'GET /cases/{caseNumber}/payment': async ({ params, principal }) =>
      orderView(await payments.visibleOrder(params.caseNumber, principal)),
    'POST /cases/{caseNumber}/payment/assessment': ({ params, principal, body }) =>
      payments.assessOrder(params.caseNumber, principal, body),
    'POST /cases/{caseNumber}/payment/refunds': ({ params, principal, body }) =>
      payments.requestRefund(params.caseNumber, principal, body),
    'POST /cases/{caseNumber}/payment/refunds/{refundId}/decision': ({ params, principal, body }) =>
      payments.decideRefund(params.caseNumber, params.refundId, principal, body),
    'GET /cases/{caseNumber}/payment/receipt': async ({ params, principal }) => {
      const order = await payments.visibleOrder(params.caseNumber, principal);
      if (!order.receipt)
        return reply(404, {
          error: { code: 'NOT_FOUND', message: 'No receipt yet: the order is not paid.' },
        });
      const { ofdKey, ...receipt } = order.receipt;
      return {
        ...receipt,
        // The sealed OFD receipt, where the deployment seals with SM2: a 5-minute link.
        ofd: ofdKey
          ? {
              url: await receiptFiles.downloadUrl(ofdKey, `${receipt.receiptNumber}.ofd`),
              expiresInSeconds: 300,
            }
          : null,
        verification: await payments.verifyReceipt(order.receipt.jws),
      };
    },
    'POST /payments/receipts/verify': ({ body }) => payments.verifyReceipt(body.receipt),
    'POST /payments/callback': async ({ body }) => {
      const outcome = await payments.callback(body);
      logger.info('payment callback', { outcome });
      return { code: 'SUCCESS', outcome };
    },
    'GET /payments/orders': async ({ principal, query }) => ({
      orders: await payments.listOrders(principal, query.status),
    }),
    'GET /payments/reconciliation': ({ query }) => payments.reconcileDay(query.day),
  },
  { principals: tablePrincipalDirectory(dynamo, () => resource('TABLE_NAME')) },
);

const onEvent = eventFunction({ consumer: 'payments', schema: subscribedEvents(paymentsTypes) }, (event) =>
  payments.settle(event.detail.caseNumber),
);

const charge = z.object({
  action: z.literal('charge'),
  caseNumber: caseNumberSchema,
  taskToken: z.string().min(1),
});
const sqsEvent = z.object({ Records: z.array(z.unknown()) });
const scheduled = z.object({ 'detail-type': z.literal('Scheduled Event'), source: z.literal('aws.events') });

export const handler = async (event: unknown, context: Context) => {
  const step = charge.safeParse(event);
  if (step.success) {
    await ctx.deps.calendars.fresh();
    return payments.charge(step.data.caseNumber, step.data.taskToken);
  }
  if (sqsEvent.safeParse(event).success) return onEvent(event, context);
  if (scheduled.safeParse(event).success) {
    const outcome = await payments.sweep();
    logger.info('payment sweep', { outcome });
    return outcome;
  }
  return http(event as Parameters<typeof http>[0], context);
};
