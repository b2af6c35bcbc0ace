// The events that mean someone could not get something done (办不成事).
import { EventType } from '../../shared/events.ts';
import type { SubscriptionTable } from '../lib/subscription.ts';

export const unresolvedTypes = [
  EventType.CaseNotAccepted,
  EventType.CaseDenied,
  EventType.CaseOverdue,
  EventType.CaseRated,
] as const;

export const unresolvedSubscriptions = {
  unresolved: {
    description: 'Refusals, denials, overdue cases and bad reviews, into the day’s 办不成事 record',
    // Every rating comes: the function keeps the bad ones (不满意, 非常不满意).
    pattern: { 'detail-type': [...unresolvedTypes] },
  },
} satisfies SubscriptionTable;
