// Event-relay function: the table's stream → the event bus. It is given the outbox items as they are
// inserted (the stream filter in the manifest passes nothing else) and puts their events on the bus in
// order, ten to a call, each with the `eventId` it was recorded with. Any refusal throws, so the batch is
// retried (in AWS by the event source mapping, locally by the stream poller) and nothing is lost; what was
// already put before the refusal is put again, which subscribers absorb by `eventId`.
import middy from '@middy/core';
import * as z from 'zod';
import { type BusEvent, publishEvents } from '../lib/events.ts';
import { logger } from '../lib/logger.ts';
import { outboxImage } from '../lib/outbox.ts';

const streamRecord = z.object({
  eventName: z.string(),
  dynamodb: z.object({ NewImage: z.record(z.string(), z.unknown()).optional() }),
});
const streamEvent = z.object({ Records: z.array(z.unknown()) });

/** The events of the batch's outbox items, in stream order; other records are ignored. */
export const outboxEventsOf = (records: readonly unknown[]): { events: BusEvent[]; malformed: number } => {
  const events: BusEvent[] = [];
  let malformed = 0;
  for (const raw of records) {
    const record = streamRecord.safeParse(raw);
    if (!record.success || record.data.eventName !== 'INSERT') continue;
    const image = outboxImage.safeParse(record.data.dynamodb.NewImage);
    if (!image.success) {
      // Our own write, so a bug: retrying cannot mend it and must not hold back every later event. It is
      // logged as an error (alarmed) and stays in the table for a week, to be replayed once fixed.
      const pk = (record.data.dynamodb.NewImage as { pk?: { S?: unknown } } | undefined)?.pk?.S;
      logger.error('malformed outbox item skipped', { pk: typeof pk === 'string' ? pk : undefined });
      malformed++;
      continue;
    }
    for (const event of image.data.events.S) events.push({ ...event, time: image.data.at.S });
  }
  return { events, malformed };
};

export const handler = middy(async (event: unknown) => {
  const parsed = streamEvent.safeParse(event);
  if (!parsed.success) throw new Error('Not a DynamoDB stream event');
  const { events, malformed } = outboxEventsOf(parsed.data.Records);
  await publishEvents(events);
  logger.info('events relayed', { records: parsed.data.Records.length, events: events.length, malformed });
  return { relayed: events.length };
});
