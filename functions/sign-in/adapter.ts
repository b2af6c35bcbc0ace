// oidc-provider's storage port on the jurisdiction's table: every artefact (sessions, interactions, grants,
// authorization codes, refresh tokens …) is one item whose `expiresAt` DynamoDB's TTL honours. TTL deletes
// lazily, so a read also treats an item past its time as gone. Artefacts bound to a grant are listed under
// the grant, so revoking it (sign-out, reuse of a rotated refresh token) removes the whole chain.
import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { queryAll } from '../lib/dynamo.ts';
import { artefactKey, grantMemberKey, grantPartition, sessionUidKey } from './keys.ts';

const seconds = (ms: number) => Math.floor(ms / 1000);

/** BatchWriteItem takes at most 25 requests. */
const chunks = <T>(items: T[], size = 25) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

export const dynamoAdapter = (db: DynamoDBDocumentClient, tableName: string, now: () => number) =>
  class DynamoAdapter implements Adapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number) {
      const expiresAt = expiresIn ? seconds(now()) + expiresIn : undefined;
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...artefactKey(this.model, id), payload, expiresAt },
        }),
      );
      if (payload.uid) {
        await db.send(
          new PutCommand({ TableName: tableName, Item: { ...sessionUidKey(payload.uid), id, expiresAt } }),
        );
      }
      if (payload.grantId) {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...grantMemberKey(payload.grantId, this.model, id), model: this.model, id, expiresAt },
          }),
        );
      }
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: artefactKey(this.model, id), ConsistentRead: true }),
      );
      if (!Item || (typeof Item.expiresAt === 'number' && Item.expiresAt <= seconds(now()))) return undefined;
      return Item.payload as AdapterPayload;
    }

    async findByUid(uid: string) {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: sessionUidKey(uid), ConsistentRead: true }),
      );
      return typeof Item?.id === 'string' ? this.find(Item.id) : undefined;
    }

    async findByUserCode() {
      // The device flow is not enabled: no user codes exist.
      return undefined;
    }

    async consume(id: string) {
      await db
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: artefactKey(this.model, id),
            UpdateExpression: 'SET payload.#consumed = :at',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#consumed': 'consumed' },
            ExpressionAttributeValues: { ':at': seconds(now()) },
          }),
        )
        .catch((error: { name?: string }) => {
          if (error.name !== 'ConditionalCheckFailedException') throw error;
        });
    }

    async destroy(id: string) {
      await db.send(new DeleteCommand({ TableName: tableName, Key: artefactKey(this.model, id) }));
    }

    async revokeByGrantId(grantId: string) {
      const members = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': grantPartition(grantId) },
      });
      const deletes = members.flatMap((m) => [
        { DeleteRequest: { Key: artefactKey(String(m.model), String(m.id)) } },
        { DeleteRequest: { Key: { pk: m.pk, sk: m.sk } } },
      ]);
      for (const batch of chunks(deletes)) {
        await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: batch } }));
      }
    }
  };
