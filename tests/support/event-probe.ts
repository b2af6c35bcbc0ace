// The event probe (tests/fixtures/event-probe.ts) as an extra function of a local cloud, and what the events
// test and the cases bench compare: how often the probe handled each event, and the events the outbox
// recorded. Kept apart from the handler, whose module reads the function's environment when imported.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, queryAll } from '../../functions/lib/dynamo.ts';
import { outboxPrefix } from '../../functions/lib/outbox.ts';
import type { FunctionSpec } from '../../functions/manifest.ts';

/** The partition of the probe's counters, one item per eventId. */
export const probePartition = 'PROBE';

/** The probe as an extra function of a local cloud, subscribed to every event that carries an eventId. */
export const probeFunction: FunctionSpec = {
  name: 'event-probe',
  description: 'Test consumer of every domain event',
  entry: 'tests/fixtures/event-probe.ts',
  bindings: ['table:write'],
  subscriptions: {
    'event-probe': {
      description: 'Every domain event',
      pattern: { detail: { eventId: [{ exists: true }] } },
    },
  },
};

/** How often the probe's handler ran, by eventId. */
export const probeCounts = async (tableName: string) => {
  const rows = await queryAll(dynamo(), {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': probePartition },
    ConsistentRead: true,
  });
  return new Map(rows.map((row) => [row.sk as string, Number(row.handled)]));
};

/** Every event recorded in an outbox item so far, by eventId. */
export const outboxEvents = async (tableName: string) => {
  const events = new Map<string, { type: string; detail: Record<string, unknown> }>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'begins_with(pk, :outbox)',
        ExpressionAttributeValues: { ':outbox': outboxPrefix },
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    for (const item of page.Items ?? [])
      for (const e of JSON.parse(item.events as string) as Array<{
        type: string;
        detail: { eventId: string };
      }>)
        events.set(e.detail.eventId, e);
    start = page.LastEvaluatedKey;
  } while (start);
  return events;
};
