// A resumable scan of one kind of row (`pk` beginning with a prefix, one sort key): pages read strongly
// consistent, each row handed to `each` in turn, until the table ends or a page ends past `until`; `next`
// says where a later call goes on. The migrations of personal data walk the table with it.
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

export const scanRows = async (
  db: DynamoDBDocumentClient,
  options: {
    table: string;
    pkPrefix: string;
    sk: string;
    start?: Record<string, unknown> | undefined;
    until?: number | undefined;
  },
  each: (row: Record<string, unknown>) => Promise<void>,
): Promise<{ next?: Record<string, unknown> }> => {
  let start = options.start;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: options.table,
        FilterExpression: 'begins_with(pk, :prefix) AND sk = :sk',
        ExpressionAttributeValues: { ':prefix': options.pkPrefix, ':sk': options.sk },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const row of page.Items ?? []) await each(row);
    start = page.LastEvaluatedKey;
  } while (start && (options.until === undefined || Date.now() < options.until));
  return start ? { next: start } : {};
};
