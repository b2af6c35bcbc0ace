// Which events a consumer has handled, so that handling is idempotent by `eventId`: the relay may put an
// event twice, a queue may deliver it twice, an operator may replay it. A conditional put claims the event
// before the handler runs and marks it done after; a failed run releases its claim so the retry runs again.
//
//   EVENT#<consumer>#<eventId> / PROCESSED   `status` in-progress | done, `claimedAt` (epoch ms),
//                                            `expiresAt` (TTL: a fortnight, longer than any redelivery)
//
// A claim older than `staleClaimMs` (a run that died mid-way: the function timed out or its container was
// lost) may be taken over, so a crashed run delays an event but never blocks it.
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

export type Claim = 'run' | 'done' | 'busy';

/** The port: claim an event for a consumer, then mark it done or let it go. */
export interface ProcessedEvents {
  claim(consumer: string, eventId: string): Promise<Claim>;
  done(consumer: string, eventId: string): Promise<void>;
  release(consumer: string, eventId: string): Promise<void>;
}

export const processedKey = (consumer: string, eventId: string) => ({
  pk: `EVENT#${consumer}#${eventId}`,
  sk: 'PROCESSED',
});
export const processedRetentionSeconds = 14 * 24 * 3600;
/** Longer than any function's timeout (Lambda's maximum is 15 minutes). */
export const staleClaimMs = 15 * 60 * 1000;

export const createProcessedEvents = (
  db: DynamoDBDocumentClient,
  tableName: () => string,
  now: () => number = Date.now,
): ProcessedEvents => ({
  claim: async (consumer, eventId) => {
    const at = now();
    try {
      await db.send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...processedKey(consumer, eventId),
            status: 'in-progress',
            claimedAt: at,
            expiresAt: Math.floor(at / 1000) + processedRetentionSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'in-progress', ':stale': at - staleClaimMs },
        }),
      );
      return 'run';
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
    const row = (
      await db.send(
        new GetCommand({
          TableName: tableName(),
          Key: processedKey(consumer, eventId),
          ConsistentRead: true,
        }),
      )
    ).Item;
    return row?.status === 'done' ? 'done' : 'busy';
  },
  done: async (consumer, eventId) => {
    await db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: processedKey(consumer, eventId),
        UpdateExpression: 'SET #status = :done',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':done': 'done' },
      }),
    );
  },
  release: async (consumer, eventId) => {
    await db
      .send(
        new DeleteCommand({
          TableName: tableName(),
          Key: processedKey(consumer, eventId),
          ConditionExpression: '#status = :claimed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'in-progress' },
        }),
      )
      .catch((error: { name?: string }) => {
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
  },
});

/** In memory, for use-case tests. */
export const memoryProcessedEvents = (): ProcessedEvents & { rows: Map<string, 'in-progress' | 'done'> } => {
  const rows = new Map<string, 'in-progress' | 'done'>();
  const key = (consumer: string, eventId: string) => `${consumer}#${eventId}`;
  return {
    rows,
    claim: async (consumer, eventId) => {
      const status = rows.get(key(consumer, eventId));
      if (status === 'done') return 'done';
      if (status === 'in-progress') return 'busy';
      rows.set(key(consumer, eventId), 'in-progress');
      return 'run';
    },
    done: async (consumer, eventId) => {
      rows.set(key(consumer, eventId), 'done');
    },
    release: async (consumer, eventId) => {
      if (rows.get(key(consumer, eventId)) === 'in-progress') rows.delete(key(consumer, eventId));
    },
  };
};
