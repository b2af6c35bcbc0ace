// The events after which a paid order may be owed back: a case that ended without its result. The payments
// function settles the order again, which refunds a paid one in full (see `refundOnEnd`).
import { EventType } from '../../shared/events.ts';
import type { SubscriptionTable } from '../lib/subscription.ts';

export const paymentsTypes = [EventType.CaseWithdrawn, EventType.CaseDenied] as const;

export const paymentsSubscriptions = {
  payments: {
    description: 'Withdrawn or denied cases: a paid order is refunded in full, once',
    pattern: { 'detail-type': [...paymentsTypes] },
  },
} satisfies SubscriptionTable;
