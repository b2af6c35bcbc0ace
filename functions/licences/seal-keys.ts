// The seal's published keys (JWKS) with their periods of use. A key is recorded the first time it signs,
// dated by that signature; the keys in use before it are retired at that instant, as the alias moved to the
// new key (KMS renews an asymmetric seal by a new key behind the alias, never by rotating the old one). A
// verifier finds a signature's key by its `kid` among them and refuses a signature dated outside the key's
// period: one made after the key was retired is not the seal's, whatever the key says.
//
//   SEALKEY#<kid> / KEY   jwk, validFrom (ISO), retiredAt (ISO, once a later key has signed);
//                         gsi1 SEALKEYS / <kid>
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { JsonWebKey } from '../../shared/licences/jws.ts';
import type { PublishedKey } from '../../shared/licences/key-periods.ts';
import { sealKeyKey, sealKeysIndex } from './keys.ts';

const published = (row: Record<string, unknown> | undefined): PublishedKey | undefined =>
  row
    ? {
        ...(row.jwk as PublishedKey),
        ...(typeof row.validFrom === 'string' ? { validFrom: row.validFrom } : {}),
        ...(typeof row.retiredAt === 'string' ? { retiredAt: row.retiredAt } : {}),
      }
    : undefined;

export const createSealKeyRegistry = (db: DynamoDBDocumentClient, tableName: string) => {
  const list = async (): Promise<PublishedKey[]> => {
    const result = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: sealKeysIndex.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': sealKeysIndex.pk },
      }),
    );
    return (result.Items ?? []).map((r) => published(r)!);
  };

  const get = async (kid: string) =>
    published((await db.send(new GetCommand({ TableName: tableName, Key: sealKeyKey(kid) }))).Item);

  /**
   * Records a key that has just signed at `at` (nothing when it is known); a new key retires those in use
   * before it, at `at`. Safe to repeat and to race: each write is conditional.
   */
  const register = async (kid: string, jwk: JsonWebKey, at: Date) => {
    const created = await db
      .send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...sealKeyKey(kid),
            gsi1pk: sealKeysIndex.pk,
            gsi1sk: kid,
            jwk: { ...jwk, kid },
            validFrom: at.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .then(
        () => true,
        (error: { name?: string }) => {
          if (error.name !== 'ConditionalCheckFailedException') throw error;
          return false;
        },
      );
    if (!created) return;
    for (const key of await list()) {
      if (key.kid === kid || key.retiredAt || (key.validFrom && key.validFrom >= at.toISOString())) continue;
      await db
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: sealKeyKey(key.kid),
            UpdateExpression: 'SET retiredAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(retiredAt)',
            ExpressionAttributeValues: { ':at': at.toISOString() },
          }),
        )
        .catch((error: { name?: string }) => {
          if (error.name !== 'ConditionalCheckFailedException') throw error;
        });
    }
  };

  return { list, get, register };
};
export type SealKeyRegistry = ReturnType<typeof createSealKeyRegistry>;
