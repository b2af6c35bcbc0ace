// The cost bench's meters: DynamoDB request units as DynamoDB Local reports them (asked for on the caller's
// behalf, and taken out of the answer again), S3 requests by price group, KMS requests by operation; the
// caller sees the answers it would have had without the proxy.
import { createServer, type Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../../infra/local/dynamodb/index.ts';
import { createMetering, type MeteringProxy, usageSince } from '../../../infra/local/metering.ts';
import { loopback } from '../../../infra/local/ports.ts';

const metering = createMetering();
let dynamodb: DynamoDbLocal;
let dynamoProxy: MeteringProxy;
let s3Proxy: MeteringProxy;
let fakeS3: Server;
const seen: string[] = [];

beforeAll(async () => {
  dynamodb = await startDynamoDbLocal();
  dynamoProxy = await metering.proxy('dynamodb', dynamodb.endpoint);
  // An S3 stand-in that answers every request: the proxy is what is under test.
  fakeS3 = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end('<ok/>');
  });
  await new Promise<void>((resolve) => fakeS3.listen(0, loopback, resolve));
  const address = fakeS3.address();
  s3Proxy = await metering.proxy(
    's3',
    `http://${loopback}:${typeof address === 'object' && address ? address.port : 0}`,
  );
});

afterAll(async () => {
  await dynamoProxy?.close();
  await s3Proxy?.close();
  fakeS3?.close();
  await dynamodb?.stop();
});

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('the metering proxy', () => {
  it('sums the request units of reads and writes, and answers as DynamoDB would have', async () => {
    const raw = new DynamoDBClient({ endpoint: dynamoProxy.url, region: 'us-east-1', credentials });
    const db = DynamoDBDocumentClient.from(raw);
    await raw.send(
      new CreateTableCommand({
        TableName: 'metered',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    const before = metering.usage();
    const put = await db.send(new PutCommand({ TableName: 'metered', Item: { pk: 'a', text: 'small' } }));
    expect(put.ConsumedCapacity).toBeUndefined();
    // 3 KB: three write units.
    await db.send(new PutCommand({ TableName: 'metered', Item: { pk: 'b', text: 'x'.repeat(3000) } }));
    const got = await db.send(
      new GetCommand({ TableName: 'metered', Key: { pk: 'b' }, ConsistentRead: true }),
    );
    expect(got.Item?.text).toHaveLength(3000);
    expect(got.ConsumedCapacity).toBeUndefined();
    await db.send(new GetCommand({ TableName: 'metered', Key: { pk: 'a' } }));
    // A caller that asks keeps its answer.
    const asked = await db.send(
      new GetCommand({ TableName: 'metered', Key: { pk: 'a' }, ReturnConsumedCapacity: 'TOTAL' }),
    );
    expect(asked.ConsumedCapacity?.CapacityUnits).toBe(0.5);
    expect(asked.ConsumedCapacity?.Table).toBeUndefined();
    // Transactions cost twice: two 1 KB items, four units.
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: 'metered', Item: { pk: 'c' } } },
          { Put: { TableName: 'metered', Item: { pk: 'd' } } },
        ],
      }),
    );
    // A function's writes are told apart by the application id in its SDK's user agent.
    const named = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: dynamoProxy.url,
        region: 'us-east-1',
        credentials,
        userAgentAppId: 'cases',
      }),
    );
    await named.send(
      new PutCommand({ TableName: 'metered', Item: { pk: 'CASE#1', text: 'x'.repeat(1500) } }),
    );
    const used = usageSince(before, metering.usage()).dynamodb;
    expect(used.writeUnits).toBe(1 + 3 + 4 + 2);
    expect(used.readUnits).toBe(1 + 0.5 + 0.5);
    expect(used.requests).toEqual({ PutItem: 3, GetItem: 3, TransactWriteItems: 1 });
    expect(used.writes).toEqual({
      '- PutItem a/?': { requests: 1, units: 1, by: { table: 1 } },
      '- PutItem b/?': { requests: 1, units: 3, by: { table: 3 } },
      '- TransactWriteItems c/?+d/?': { requests: 1, units: 4, by: { table: 4 } },
      'cases PutItem CASE/?': { requests: 1, units: 2, by: { table: 2 } },
    });
  });

  it('counts S3 requests by price group: writes and listings, reads; deletes are free', async () => {
    const before = metering.usage();
    for (const [method, path] of [
      ['PUT', '/bucket/key'],
      ['POST', '/bucket/key?uploads'],
      ['GET', '/bucket?list-type=2'],
      ['GET', '/bucket/key'],
      ['HEAD', '/bucket/key'],
      ['DELETE', '/bucket/key'],
    ] as const) {
      const response = await fetch(`${s3Proxy.url}${path}`, {
        method,
        ...(method === 'PUT' ? { body: 'content' } : {}),
      });
      expect(response.status).toBe(200);
    }
    expect(usageSince(before, metering.usage()).s3).toEqual({ tier1: 3, tier2: 2 });
    expect(seen).toHaveLength(6);
  });
});
