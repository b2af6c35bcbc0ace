// Workflow follow-up function: the review workflow hears every decision on record. The use-cases move the
// workflow right after their commit; this consumer of their events makes the same idempotent calls again,
// so when the engine was unreachable then, the decision still reaches it — as soon as it answers again,
// not when the task's wait times out days later. A failure returns the event to its queue for a retry.
// On its schedule it raises the yellow card of each case that has come near its due date (./cards.ts).
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { EventType } from '../../shared/events.ts';
import { createFollowUp } from '../cases/follow-up.ts';
import { caseContext } from '../cases/service.ts';
import { dynamo } from '../lib/dynamo.ts';
import { resource } from '../lib/env.ts';
import { eventFunction, subscribedEvents } from '../lib/event-function.ts';
import { logger } from '../lib/logger.ts';
import { createCardSweep } from './cards.ts';
import { workflowFollowUpTypes } from './subscriptions.ts';

const followUp = createFollowUp(caseContext());
const cards = createCardSweep(caseContext(), dynamo(), resource('TABLE_NAME'));

const onEvent = eventFunction(
  { consumer: 'workflow-follow-up', schema: subscribedEvents(workflowFollowUpTypes) },
  async (event) => {
    switch (event.type) {
      case EventType.CaseAccepted:
        return followUp.accepted(event.detail.caseNumber);
      case EventType.TaskDecided:
        return followUp.decided(event.detail.caseNumber, event.detail.taskId, event.detail.closes);
      case EventType.CaseWithdrawn:
        return followUp.withdrawn(event.detail.caseNumber);
    }
  },
);

const scheduled = z.object({ 'detail-type': z.literal('Scheduled Event'), source: z.literal('aws.events') });

export const handler = async (event: unknown, context: Context) => {
  if (scheduled.safeParse(event).success) {
    const outcome = await cards();
    logger.info('yellow cards swept', outcome);
    return outcome;
  }
  return onEvent(event, context);
};
