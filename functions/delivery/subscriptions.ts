// The events after which an approved case's result may be handed to the courier: its completion, and a
// choice of delivery made after it.
import { EventType } from '../../shared/events.ts';
import type { SubscriptionTable } from '../lib/subscription.ts';

export const deliveryTypes = [EventType.CaseCompleted, EventType.DeliveryChosen] as const;

export const deliverySubscriptions = {
  delivery: {
    description: 'Completed cases whose applicant chose delivery: a waybill from the courier',
    // Bundles and their children are picked up at the hall; only a completed single case is sent.
    pattern: {
      'detail-type': [...deliveryTypes],
      detail: { status: ['COMPLETED'], $or: [{ kind: ['single'] }, { kind: [{ exists: false }] }] },
    },
  },
} satisfies SubscriptionTable;
