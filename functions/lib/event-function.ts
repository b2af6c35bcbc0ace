// One stack for every event consumer, beside the HTTP one (./http.ts): a subscription's events arrive
// through its queue (an SQS batch whose bodies are EventBridge events, in AWS and locally alike), each is
// checked against the event catalogue (shared/events.ts), handled at most once per consumer by its
// `eventId` (./processed-events.ts), and reported back one by one: a failed event returns to its queue and
// is retried, the others of the batch are not.
import middy from '@middy/core';
import type { SQSBatchResponse } from 'aws-lambda';
import * as z from 'zod';
import { detailSchema, type EventDetail, type EventType } from '../../shared/events.ts';
import { dynamo } from './dynamo.ts';
import { resource } from './env.ts';
import { logger } from './logger.ts';
import { createProcessedEvents, type ProcessedEvents } from './processed-events.ts';

/** An event as a consumer meets it; narrowing on `type` narrows `detail`. */
export type ConsumedEvent<T extends EventType = EventType> = T extends EventType
  ? {
      type: T;
      detail: EventDetail<T>;
      /** When the change happened. */
      time: string;
      /** EventBridge's id of this delivery (not stable: the detail's `eventId` is). */
      busId: string;
    }
  : never;

/** The EventBridge envelope of events of the given types, checked and turned into `ConsumedEvent`s. */
export const subscribedEvents = <T extends EventType>(types: readonly T[]): z.ZodType<ConsumedEvent<T>> => {
  const [first, ...rest] = types.map((type) =>
    z.object({
      id: z.string().min(1),
      'detail-type': z.literal(type),
      time: z.string(),
      detail: detailSchema(type),
    }),
  );
  if (!first) throw new Error('A subscription names at least one event type');
  return z
    .discriminatedUnion('detail-type', [first, ...rest])
    .transform((e) => ({ type: e['detail-type'], detail: e.detail, time: e.time, busId: e.id })) as never;
};

const sqsBatch = z.object({
  Records: z.array(z.object({ messageId: z.string().min(1), body: z.string() })),
});

export interface EventFunctionOptions<T extends EventType> {
  /** Names the consumer in its idempotency records: stable across deployments. */
  consumer: string;
  schema: z.ZodType<ConsumedEvent<T>>;
  /** Where handled events are remembered; the function's table by default. */
  processed?: ProcessedEvents;
}

/**
 * Builds the handler of a subscription's consumer. `handle` runs once per `eventId` and consumer; it throws
 * to have the event retried (the engine it calls is down), and returns anything to be done with it.
 */
export const eventFunction = <T extends EventType>(
  options: EventFunctionOptions<T>,
  handle: (event: ConsumedEvent<T>) => Promise<unknown>,
) => {
  let store = options.processed;
  const processed = () => {
    store ??= createProcessedEvents(dynamo(), () => resource('TABLE_NAME'));
    return store;
  };

  const deliver = async (body: string) => {
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch {
      throw new Error('The message body is not JSON');
    }
    const parsed = options.schema.safeParse(raw);
    if (!parsed.success) {
      // Paths and codes only: a detail that fails its schema may hold what it should not.
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`);
      throw new Error(`Not an event this consumer subscribes to (${issues.join('; ')})`);
    }
    const event = parsed.data;
    const { eventId } = event.detail;
    const claim = await processed().claim(options.consumer, eventId);
    if (claim === 'done') {
      logger.info('event already handled', { consumer: options.consumer, type: event.type, eventId });
      return;
    }
    if (claim === 'busy') throw new Error(`Event ${eventId} is being handled by another run`);
    let outcome: unknown;
    try {
      outcome = await handle(event);
    } catch (error) {
      await processed()
        .release(options.consumer, eventId)
        .catch(() => undefined);
      throw error;
    }
    await processed().done(options.consumer, eventId);
    logger.info('event handled', { consumer: options.consumer, type: event.type, eventId, outcome });
  };

  return middy(async (event: unknown): Promise<SQSBatchResponse> => {
    const batch = sqsBatch.safeParse(event);
    if (!batch.success) throw new Error('Not an SQS event');
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of batch.data.Records) {
      try {
        await deliver(record.body);
      } catch (error) {
        logger.warn('event not handled, to be retried', {
          consumer: options.consumer,
          messageId: record.messageId,
          error: error instanceof Error ? error.message : String(error),
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  });
};
