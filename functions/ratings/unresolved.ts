// Reading the 办不成事 record: a day's entries (日汇总) or up to 31 days' (周分析, 月分析), with the counts by
// kind overall and per department. Supervisors and administrators read every department; the other staff
// their own.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '../../shared/identity.ts';
import { daysOf, summariseUnresolved, type UnresolvedEntry } from '../../shared/unresolved.ts';

/** One row per case, kind and day, in the day's partition; departments sort together. */
export const unresolvedRowKey = (
  e: Pick<UnresolvedEntry, 'date' | 'department' | 'kind' | 'caseNumber'>,
) => ({
  pk: `UNRESOLVED#${e.date}`,
  sk: `${e.department}#${e.kind}#${e.caseNumber}`,
});

export const readUnresolved = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  principal: Principal,
  query: { from: string; to?: string; department?: string },
) => {
  const everywhere = principal.role === 'supervisor' || principal.role === 'admin';
  const department = everywhere ? query.department : principal.department;
  const days = await Promise.all(
    daysOf(query.from, query.to).map(async (date) => {
      const entries: UnresolvedEntry[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: department ? 'pk = :pk AND begins_with(sk, :d)' : 'pk = :pk',
            ExpressionAttributeValues: {
              ':pk': `UNRESOLVED#${date}`,
              ...(department ? { ':d': `${department}#` } : {}),
            },
            ExclusiveStartKey: start,
          }),
        );
        entries.push(...(page.Items ?? []).map((i) => i.entry as UnresolvedEntry));
        start = page.LastEvaluatedKey;
      } while (start);
      return { date, entries, ...summariseUnresolved(entries) };
    }),
  );
  const entries = days.flatMap((d) => d.entries);
  return {
    from: query.from,
    to: query.to ?? query.from,
    ...(department ? { department } : {}),
    ...summariseUnresolved(entries),
    days: days.map(({ date, all }) => ({ date, ...all })),
    entries: entries.sort((a, b) => b.at.localeCompare(a.at)),
  };
};
