// The 好差评 counters (RATINGSTATS / ALL | DEPT#<d> | ITEM#<code> | SOURCE#<source>: l1…l5, bad, rectified,
// onTime, voided), added to in the same transaction as the change that rated. Every rating counts in its
// level; a case's bad review counts in `bad` too, as it opens a rectification. A concluded case, a window
// visit and a ticket's return visit are the sources, each with its own row beside the totals.
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { conflict } from '../../shared/errors.ts';
import type { TransactWrite } from '../lib/dynamo.ts';

export const statsPk = 'RATINGSTATS';

export type RatingSource = 'case' | 'window' | 'ticket';

const counterUpdate = (tableName: string, sk: string, add: Record<string, number>, name?: string) =>
  ({
    Update: {
      TableName: tableName,
      Key: { pk: statsPk, sk },
      // An item's counters keep its name, for the public table.
      UpdateExpression: `${name ? 'SET #name = :name ' : ''}ADD ${Object.keys(add)
        .map((k) => `#${k} :${k}`)
        .join(', ')}`,
      ExpressionAttributeNames: {
        ...Object.fromEntries(Object.keys(add).map((k) => [`#${k}`, k])),
        ...(name ? { '#name': 'name' } : {}),
      },
      ExpressionAttributeValues: {
        ...Object.fromEntries(Object.entries(add).map(([k, v]) => [`:${k}`, v])),
        ...(name ? { ':name': name } : {}),
      },
    },
  }) satisfies TransactWrite;

/** The counter updates of one change: the totals, the department's, the item's (if any), the source's. */
export const ratingCounters = (
  tableName: string,
  r: { department: string; itemCode?: string; itemName?: string; source?: RatingSource },
  add: Record<string, number>,
): TransactWrite[] => [
  counterUpdate(tableName, 'ALL', add),
  counterUpdate(tableName, `DEPT#${r.department}`, add),
  ...(r.itemCode ? [counterUpdate(tableName, `ITEM#${r.itemCode}`, add, r.itemName)] : []),
  ...(r.source ? [counterUpdate(tableName, `SOURCE#${r.source}`, add)] : []),
];

/**
 * Puts a rating once, with the writes that go with it (counters, a rectification, events) in one
 * transaction; a second rating of the same thing is a 409 with `already` as its message.
 */
export const putRatingOnce = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  key: { pk: string; sk: string },
  rating: object,
  withIt: TransactWrite[],
  already: string,
) => {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: { ...key, rating },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...withIt,
        ],
      }),
    );
  } catch (error) {
    const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
    if (reasons?.[0]?.Code === 'ConditionalCheckFailed') throw conflict(already);
    throw error;
  }
};
