// 发件箱 the outbox: a change's domain events are written in the same DynamoDB transaction as the change,
// as one item per change (a bundle's change may already be near the 100-item limit of a transaction, so
// never one item per event). The table's stream carries the new item to the event relay, which puts the
// events on the bus; nothing is published "after commit", so an event exists exactly when its change does.
//
//   OUTBOX#<uuid> / OUTBOX   the events of one committed change, in order: `events` (JSON text of
//                            [{type, detail}]), `at` (ISO instant of the change), `expiresAt` (TTL)
//
// Items expire after a week: the stream keeps records for a day, so an operator can still replay from the
// table what the relay could not deliver in time.
import * as z from 'zod';
import type { DomainEvent } from '../../shared/events.ts';
import type { TransactWrite } from './dynamo.ts';

export const outboxKey = (id: string) => ({ pk: `OUTBOX#${id}`, sk: 'OUTBOX' });
export const outboxPrefix = 'OUTBOX#';
export const outboxRetentionSeconds = 7 * 24 * 3600;

/**
 * The stream records the relay is given (Lambda event filtering syntax, which is EventBridge's pattern
 * syntax): outbox items as they are inserted. Their expiry (REMOVE) and every other row are filtered out.
 */
export const outboxStreamFilter = {
  eventName: ['INSERT'],
  dynamodb: { Keys: { pk: { S: [{ prefix: outboxPrefix }] } } },
} as const;

/** The outbox item of a change, to add to its transaction; none when the change has no events. */
export const outboxPut = (
  tableName: string,
  events: readonly DomainEvent[] | undefined,
  at: Date,
): TransactWrite | undefined => {
  if (!events || events.length === 0) return undefined;
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...outboxKey(crypto.randomUUID()),
        at: at.toISOString(),
        events: JSON.stringify(events.map(({ type, detail }) => ({ type, detail }))),
        expiresAt: Math.floor(Date.now() / 1000) + outboxRetentionSeconds,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
};

const outboxEvents = z.array(
  z.object({ type: z.string().min(1), detail: z.record(z.string(), z.unknown()) }),
);

/** An outbox item's new image as the stream carries it (DynamoDB JSON). */
export const outboxImage = z.object({
  pk: z.object({ S: z.string().startsWith(outboxPrefix) }),
  at: z.object({ S: z.iso.datetime({ offset: true }) }),
  events: z.object({
    S: z.string().transform((text, ctx) => {
      try {
        return outboxEvents.parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not a list of events' });
        return z.NEVER;
      }
    }),
  }),
});
