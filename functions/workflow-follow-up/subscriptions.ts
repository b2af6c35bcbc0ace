// The events the workflow follow-up consumes: every decision the review workflow must hear.
import { EventType } from '../../shared/events.ts';
import type { SubscriptionTable } from '../lib/subscription.ts';

export const workflowFollowUpTypes = [
  EventType.CaseAccepted,
  EventType.TaskDecided,
  EventType.CaseWithdrawn,
] as const;

export const workflowFollowUpSubscriptions = {
  'workflow-follow-up': {
    description: 'Acceptances, task decisions and withdrawals, until the review workflow has heard them',
    pattern: { 'detail-type': [...workflowFollowUpTypes] },
  },
} satisfies SubscriptionTable;
