// What a schedule finds once: a state that is not itself a change (a case a few days from its due date, a
// rectification past a deadline) becomes one event the first time a sweep sees it. The marker row and the
// outbox item are one transaction, so a later sweep, a retried one or two at once raise it only once:
//   SEEN#<subject> / <what>   when it was first seen; expires with the table's TTL after `keepDays`
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../shared/events.ts';
import { outboxPut } from './outbox.ts';

/** Raises `event` unless `subject`/`what` was seen before: whether it was raised now. */
export const raiseOnce = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  seen: { subject: string; what: string; keepDays: number },
  event: DomainEvent,
  at: Date,
): Promise<boolean> => {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: {
                pk: `SEEN#${seen.subject}`,
                sk: seen.what,
                at: at.toISOString(),
                eventId: event.detail.eventId,
                expiresAt: Math.ceil(at.getTime() / 1000) + seen.keepDays * 24 * 3600,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          outboxPut(tableName, [event], at)!,
        ],
      }),
    );
    return true;
  } catch (error) {
    const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
    if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
    throw error;
  }
};
