// Notifier function: the inbox message and the SMS of each step of a case an applicant is told about
// (queue-fed by the manifest's subscription), the staff's inbox messages of 催办, 督办, the red and yellow
// cards of cases and overdue rectifications, and,
// on its schedule, the SMS held through the quiet hours.
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { toLocalDate } from '../../shared/calendar.ts';
import { EventType } from '../../shared/events.ts';
import {
  rectificationStepNames,
  staffTemplateOfEvent,
  templateOfEvent,
  ticketStageNames,
  trackingTemplates,
} from '../../shared/notifications.ts';
import { formatYuan } from '../../shared/payments.ts';
import { ticketTypes } from '../../shared/tickets.ts';
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
    const staffTemplate = staffTemplateOfEvent[event.type];
    if (staffTemplate) {
      const base = { eventId: event.detail.eventId, at: event.time, template: staffTemplate };
      if (event.type === EventType.CaseOverdue || event.type === EventType.CaseDueSoon)
        return notifier.notifyStaff({
          ...base,
          department: event.detail.department,
          caseNumber: event.detail.caseNumber,
          params: { dueDate: event.detail.dueDate },
        });
      if (event.type === EventType.RectificationOverdue)
        return notifier.notifyStaff({
          ...base,
          department: event.detail.department,
          caseNumber: event.detail.caseNumber,
          params: { dueDate: event.detail.dueDate, step: rectificationStepNames[event.detail.step] },
        });
      if (event.type === EventType.TicketReminded || event.type === EventType.TicketEscalated)
        return notifier.notifyStaff({
          ...base,
          department: event.detail.department,
          ticketNumber: event.detail.ticketNumber,
          params: {
            ticketNumber: event.detail.ticketNumber,
            type: ticketTypes[event.detail.type],
            dueDate: event.detail.dueDate ?? '—',
            stage: ticketStageNames[event.detail.stage ?? 'handle'],
          },
        });
    }
    const template =
      event.type === EventType.ShipmentTracked
        ? trackingTemplates[event.detail.tracking]
        : templateOfEvent[event.type];
    if (!template) return 'not told';
    const told = { eventId: event.detail.eventId, at: event.time, template };
    if ('appointmentId' in event.detail)
      return notifier.notify({ ...told, appointmentId: event.detail.appointmentId });
    if ('ticketNumber' in event.detail)
      return notifier.notify({ ...told, ticketNumber: event.detail.ticketNumber });
    const base = { ...told, caseNumber: event.detail.caseNumber };
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
      case EventType.WaybillCreated:
        return notifier.notify({ ...base, params: { courier: event.detail.courier } });
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
