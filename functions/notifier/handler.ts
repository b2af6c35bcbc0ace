// Notifier function: the inbox message and the SMS of each step of a case an applicant is told about
// (queue-fed by the manifest's subscription), and, on its schedule, the SMS held through the quiet hours.
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { toLocalDate } from '../../shared/calendar.ts';
import { EventType } from '../../shared/events.ts';
import { templateOfEvent } from '../../shared/notifications.ts';
import { formatYuan } from '../../shared/payments.ts';
import { clock } from '../lib/clock.ts';
import { dynamo } from '../lib/dynamo.ts';
import { jurisdiction, resource } from '../lib/env.ts';
import { eventFunction, subscribedEvents } from '../lib/event-function.ts';
import { logger } from '../lib/logger.ts';
import { secretSource } from '../sign-in/secrets.ts';
import { rpcSmsMessenger } from './messenger.ts';
import { createNotifier } from './notify.ts';
import { notifierTypes } from './subscriptions.ts';

const sms = jurisdiction.notifications.sms;
const secrets = secretSource(() => resource('SECRET_PARAMETER_PREFIX'));
const notifier = createNotifier({
  db: dynamo(),
  tableName: resource('TABLE_NAME'),
  jurisdiction,
  clock,
  ...(sms
    ? {
        messenger: rpcSmsMessenger({
          // The local cloud points the provider's address at its own (as a test double of the network).
          endpoint: process.env.SMS_ENDPOINT_URL ?? sms.endpoint,
          accessKeyId: sms.accessKeyId,
          accessKeySecret: () => secrets(sms.accessKeySecret),
          signName: sms.signName,
          now: () => clock.now(),
        }),
      }
    : {}),
});

const onEvent = eventFunction(
  { consumer: 'notifier', schema: subscribedEvents(notifierTypes) },
  async (event) => {
    const template = templateOfEvent[event.type];
    if (!template) return 'not told';
    if ('ticketNumber' in event.detail)
      return notifier.notify({
        eventId: event.detail.eventId,
        at: event.time,
        template,
        ticketNumber: event.detail.ticketNumber,
      });
    const base = {
      eventId: event.detail.eventId,
      at: event.time,
      template,
      caseNumber: event.detail.caseNumber,
    };
    switch (event.type) {
      case EventType.CaseAccepted:
        return notifier.notify({ ...base, params: { promisedBy: event.detail.promisedBy ?? '—' } });
      case EventType.CaseExtended:
        return notifier.notify({
          ...base,
          params: { days: event.detail.days, promisedBy: event.detail.promisedBy ?? '—' },
        });
      case EventType.CorrectionRequested:
        return notifier.notify({ ...base, params: { items: event.detail.items } });
      case EventType.PaymentOrderIssued:
        return notifier.notify({
          ...base,
          params: {
            amount: formatYuan(event.detail.amountFen),
            dueBy: toLocalDate(new Date(event.detail.dueBy), jurisdiction.timezone),
          },
        });
      case EventType.PaymentReceived:
      case EventType.PaymentRefunded:
        return notifier.notify({ ...base, params: { amount: formatYuan(event.detail.amountFen) } });
      default:
        return notifier.notify(base);
    }
  },
);

const scheduled = z.object({ 'detail-type': z.literal('Scheduled Event'), source: z.literal('aws.events') });

export const handler = async (event: unknown, context: Context) => {
  if (scheduled.safeParse(event).success) {
    const outcomes = await notifier.sweep();
    logger.info('held SMS swept', { outcomes });
    return outcomes;
  }
  return onEvent(event, context);
};
