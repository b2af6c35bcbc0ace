// Domain events (领域事件, e.g. 申请已受理 CaseAccepted) onto the jurisdiction's EventBridge bus, for
// subscribers such as notification or data sharing. The client is built once per container; its endpoint
// comes from AWS_ENDPOINT_URL_EVENTBRIDGE when set (the local cloud). A bus, its archive and its subscribers
// all see an event's detail, so details carry identifiers and statuses only, never personal data.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { jurisdiction, resource } from './env.ts';

export interface DomainEvent {
  /** The event's DetailType, e.g. 'CaseAccepted'; subscribers' rules match on it. */
  type: string;
  /** Identifiers and statuses only, never personal data. */
  detail: Record<string, unknown>;
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
 * caller that retries the whole list delivers those again: subscribers treat events as at-least-once.
 */
export const publishEvents = async (events: readonly DomainEvent[]): Promise<void> => {
  if (events.length === 0) return;
  const eventBusName = resource('EVENT_BUS_NAME');
  const source = `tongban.${jurisdiction.id}`;
  for (let start = 0; start < events.length; start += maxEntriesPerCall) {
    const batch = events.slice(start, start + maxEntriesPerCall);
    const result = await eventBridge().send(
      new PutEventsCommand({
        Entries: batch.map((event) => ({
          EventBusName: eventBusName,
          Source: source,
          DetailType: event.type,
          Detail: JSON.stringify(event.detail),
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
