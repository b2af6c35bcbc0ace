// The events an applicant (or a ticket's filer) is told about (shared/notifications.ts says with which template).
import { EventType } from '../../shared/events.ts';
import type { SubscriptionTable } from '../lib/subscription.ts';

export const notifierTypes = [
  EventType.CaseSubmitted,
  EventType.CaseAccepted,
  EventType.CaseNotAccepted,
  EventType.CorrectionRequested,
  EventType.CaseCompleted,
  EventType.CaseDenied,
  EventType.CaseExtended,
  EventType.LicenceIssued,
  EventType.RectificationReplied,
  EventType.TicketDispatched,
  EventType.TicketReplied,
  EventType.TicketClosed,
  // Staff are told of these in their workbench inbox.
  EventType.TicketReminded,
  EventType.TicketEscalated,
  EventType.CaseOverdue,
  EventType.CaseDueSoon,
  EventType.RectificationOverdue,
  EventType.AppointmentBooked,
  EventType.AppointmentRescheduled,
  EventType.AppointmentCancelled,
  EventType.AppointmentReminderDue,
  EventType.WaybillCreated,
  EventType.ShipmentTracked,
  EventType.PaymentOrderIssued,
  EventType.PaymentReceived,
  EventType.PaymentRefunded,
  EventType.CaseClosedUnpaid,
] as const;

export const notifierSubscriptions = {
  notifier: {
    description:
      'Steps of a case its applicant is told about, in the inbox and by SMS; 催办, 督办, red and yellow cards and overdue rectifications for staff',
    // A bundle's children are told about through the bundle, except what the applicant must act on.
    pattern: {
      'detail-type': [...notifierTypes],
      $or: [{ detail: { kind: [{ 'anything-but': 'child' }] } }, { detail: { kind: [{ exists: false }] } }],
    },
  },
} satisfies SubscriptionTable;
