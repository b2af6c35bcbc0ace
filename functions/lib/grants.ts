// The grant journal in the table, beside the account profile it changes:
//   ACCOUNT#<sub> / PROFILE     the profile keeps `staff` (department and roles now) and `grantHead`;
//                               while it holds a grant, gsi1 STAFF/<sub> lists it among the jurisdiction's staff
//   ACCOUNT#<sub> / GRANT#<seq> one journal entry (hash-chained, see shared/staff-grants.ts)
// An entry and the profile's new state are one transaction, guarded by the head it follows, so concurrent
// grants leave exactly one.
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { conflict, notFound } from '../../shared/errors.ts';
import { chainGrant, type GrantActor, type GrantEntry, type StaffRole } from '../../shared/staff-grants.ts';
import { queryAll } from './dynamo.ts';
import { accountKey } from './principals.ts';

const grantPrefix = 'GRANT#';
export const staffIndex = { name: 'gsi1', pk: 'STAFF' } as const;
const grantKey = (sub: string, seq: number) => ({
  pk: accountKey(sub).pk,
  sk: `${grantPrefix}${String(seq).padStart(6, '0')}`,
});

export const grantJournal = (db: DynamoDBDocumentClient, tableName: string) => {
  const record = async (
    sub: string,
    change: {
      by: GrantActor;
      action: 'grant' | 'revoke';
      department?: string;
      roles: StaffRole[];
      reason: string;
    },
    at: Date,
  ) => {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: accountKey(sub), ConsistentRead: true }),
    );
    if (!Item) throw notFound(`No account ${sub}: it exists once its owner has signed in.`);
    const head = Item.grantHead as { seq: number; hash: string } | undefined;
    const entry = chainGrant(head, { sub, at: at.toISOString(), ...change });
    const staff =
      change.action === 'grant' ? { department: change.department, roles: change.roles } : undefined;
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { ...grantKey(sub, entry.seq), entry },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: tableName,
                Key: accountKey(sub),
                UpdateExpression: staff
                  ? 'SET staff = :staff, grantHead = :head, gsi1pk = :staffPk, gsi1sk = :sub'
                  : 'REMOVE staff, gsi1pk, gsi1sk SET grantHead = :head',
                ConditionExpression: head ? 'grantHead.seq = :seq' : 'attribute_not_exists(grantHead)',
                ExpressionAttributeValues: {
                  ':head': { seq: entry.seq, hash: entry.hash },
                  ...(staff ? { ':staff': staff, ':staffPk': staffIndex.pk, ':sub': sub } : {}),
                  ...(head ? { ':seq': head.seq } : {}),
                },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'TransactionCanceledException')
        throw conflict('The grants of this account changed meanwhile; read them and try again.');
      throw error;
    }
    return entry;
  };

  const read = async (sub: string) => {
    const rows = await queryAll(db, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': accountKey(sub).pk },
      ConsistentRead: true,
    });
    const profile = rows.find((r) => r.sk === accountKey(sub).sk);
    const entries = rows
      .filter((r) => String(r.sk).startsWith(grantPrefix))
      .map((r) => r.entry as GrantEntry)
      .sort((a, b) => a.seq - b.seq);
    return {
      exists: profile !== undefined,
      staff: profile?.staff as { department: string; roles: StaffRole[] } | undefined,
      head: profile?.grantHead as { seq: number; hash: string } | undefined,
      entries,
    };
  };

  /** Every account that holds a staff grant now, by subject: a jurisdiction has hundreds at the most. */
  const staff = async () =>
    (
      await queryAll(db, {
        TableName: tableName,
        IndexName: staffIndex.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': staffIndex.pk },
      })
    ).map((row) => ({
      sub: String(row.sub),
      name: String(row.name ?? ''),
      ...(row.staff as { department: string; roles: StaffRole[] }),
    }));

  return { record, read, staff };
};
