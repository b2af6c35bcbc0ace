// DynamoDB adapter for the published holiday arrangements: all of them in one query, one year, and writing
// a year guarded by the revision that was read, so two admins publishing the same year cannot both win.
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { NationalArrangement } from '../../shared/holiday-arrangement.ts';
import { queryAll, revisionGuard } from '../lib/dynamo.ts';
import { arrangementKey, arrangementPartition } from './keys.ts';

/** A year's arrangement as the platform keeps it: what was published, by whom, at which revision. */
export interface PublishedArrangement extends NationalArrangement {
  publishedAt: string;
  publishedBy: { sub: string; name: string };
  rev: number;
}

/** Someone else published the same year since it was read. */
export class ArrangementConflict extends Error {
  constructor(readonly year: number) {
    super(`The arrangement of ${year} was published concurrently`);
    this.name = 'ArrangementConflict';
  }
}

export const createArrangementStore = (db: DynamoDBDocumentClient, tableName: string) => {
  /** Every published year, in year order; `consistent` after a write that must be seen. */
  const all = async (consistent = false): Promise<PublishedArrangement[]> =>
    (
      await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': arrangementPartition },
        ConsistentRead: consistent,
      })
    )
      .map((row) => row.arrangement as PublishedArrangement)
      .sort((a, b) => a.year - b.year);

  const get = async (year: number): Promise<PublishedArrangement | undefined> => {
    const row = (
      await db.send(new GetCommand({ TableName: tableName, Key: arrangementKey(year), ConsistentRead: true }))
    ).Item;
    return row?.arrangement as PublishedArrangement | undefined;
  };

  /** Writes the year at `expectedRev + 1` ('new': the year must not be published yet). */
  const put = async (arrangement: Omit<PublishedArrangement, 'rev'>, expectedRev: number | 'new') => {
    const rev = expectedRev === 'new' ? 1 : expectedRev + 1;
    const stored: PublishedArrangement = { ...arrangement, rev };
    try {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...arrangementKey(arrangement.year), rev, arrangement: stored },
          ...revisionGuard(expectedRev),
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException')
        throw new ArrangementConflict(arrangement.year);
      throw error;
    }
    return stored;
  };

  return { all, get, put };
};

export type ArrangementStore = ReturnType<typeof createArrangementStore>;
