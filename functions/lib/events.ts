// Domain events (领域事件, e.g. 申请已受理 CaseAccepted) onto the jurisdiction's EventBridge bus. Only the
// event relay calls this: use-cases record their events in the outbox with the change that caused them
// (./outbox.ts), and the relay puts them on the bus from the table's stream. The client is built once per
// container; its endpoint comes from AWS_ENDPOINT_URL_EVENTBRIDGE when set (the local cloud). A bus, its
// archive and its subscribers all see an event's detail, so details carry identifiers and statuses only.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { jurisdiction, resource } from './env.ts';
import { eventSource } from './subscription.ts';

export type { DomainEvent } from '../../shared/events.ts';

/** An event as it goes on the bus: its DetailType, its detail, and when it happened. */
export interface BusEvent {
  type: string;
  detail: Record<string, unknown>;
  /** ISO instant of the change that caused it; the bus's receipt time when omitted. */
  time?: string;
}

/** PutEvents takes at most ten entries a call. */
const maxEntriesPerCall = 10;

let eventBridgeClient: EventBridgeClient | undefined;

const eventBridge = () => {
  eventBridgeClient ??= new EventBridgeClient({});
  return eventBridgeClient;
};

/**
 * Puts the events on the bus, ten to a call, in order. A refused entry throws naming the error codes only
 * (an entry's message may quote its detail). The calls before a refused one have been delivered, so a
 * caller that retries the whole list delivers those again: subscribers are idempotent by `eventId`.
 */
export const publishEvents = async (events: readonly BusEvent[]): Promise<void> => {
  if (events.length === 0) return;
  const eventBusName = resource('EVENT_BUS_NAME');
  const source = eventSource(jurisdiction.id);
  for (let start = 0; start < events.length; start += maxEntriesPerCall) {
    const batch = events.slice(start, start + maxEntriesPerCall);
    const result = await eventBridge().send(
      new PutEventsCommand({
        Entries: batch.map((event) => ({
          EventBusName: eventBusName,
          Source: source,
          DetailType: event.type,
          Detail: JSON.stringify(event.detail),
          ...(event.time ? { Time: new Date(event.time) } : {}),
        })),
      }),
    );
    const failed = result.FailedEntryCount ?? 0;
    if (failed > 0) {
      const codes = [...new Set((result.Entries ?? []).flatMap((entry) => entry.ErrorCode ?? []))];
      throw new Error(
        `EventBridge refused ${failed} of ${batch.length} events on ${eventBusName} ` +
          `(${codes.join(', ') || 'no error code'}); ${start} before them were delivered`,
      );
    }
  }
};
