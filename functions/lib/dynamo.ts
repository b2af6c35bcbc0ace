// The DynamoDB document client, built once per container. Its endpoint comes from AWS_ENDPOINT_URL_DYNAMODB
// when set (the local cloud) and from the Lambda environment otherwise; nothing here knows which.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';

let documentClient: DynamoDBDocumentClient | undefined;

export const dynamo = () => {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
};

/** Every row a query matches, following DynamoDB's pages. */
export const queryAll = async (db: DynamoDBDocumentClient, input: QueryCommandInput) => {
  const rows: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    rows.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return rows;
};

/** One item of a TransactWriteItems call. */
export type TransactWrite = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/**
 * The condition of an optimistic write: the row must not exist yet ('new'), or must still carry the
 * revision it was read at.
 */
export const revisionGuard = (expectedRev: number | 'new') =>
  expectedRev === 'new'
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': expectedRev } };
