// The sign-in function's adapters, built once per container from its own bound resources: the table (the
// provider's artefacts, accounts, the record of signing keys), the KMS token key, the upstreams' secrets.
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { clock } from '../lib/clock.ts';
import { dynamo } from '../lib/dynamo.ts';
import { jurisdiction, resource } from '../lib/env.ts';
import { kms } from '../lib/kms.ts';
import { dynamoAccountStore } from './accounts.ts';
import { dynamoAdapter } from './adapter.ts';
import { cookieKeysKey } from './keys.ts';
import { identityProviders } from './providers/index.ts';
import { secretSource } from './secrets.ts';
import { KmsTokenKey, readTokenKey, signWithTokenKey, tokenKeyRegistry } from './token-keys.ts';

const identity = jurisdiction.identity;
if (!identity) {
  throw new Error(
    `Jurisdiction ${jurisdiction.id} has no identity block: name its identity providers in its config`,
  );
}
export const identityConfig = identity;

const db = dynamo();
const tableName = resource('TABLE_NAME');
const now = () => clock.now().getTime();

export const accounts = dynamoAccountStore(db, tableName, {
  firstAdministrator: identity.firstAdministrator,
});
export const Adapter = dynamoAdapter(db, tableName, now);
export const upstreams = identityProviders(
  identity,
  secretSource(() => resource('SECRET_PARAMETER_PREFIX')),
);
const registry = tokenKeyRegistry(db, tableName);

/** The kid of the key the alias names now. */
export const currentTokenKid = async () => (await readTokenKey(kms(), resource('TOKEN_KEY_ID'))).kid;

/** The current token key (signing) first, then every earlier one that has signed (published only). */
export const signingKeys = async () => {
  const current = await readTokenKey(kms(), resource('TOKEN_KEY_ID'));
  await registry.remember(current, clock.now());
  const earlier = (await registry.all()).filter((key) => key.kid !== current.kid);
  return {
    kid: current.kid,
    keys: [
      new KmsTokenKey(current, (data) => signWithTokenKey(kms(), current, data)),
      ...earlier.map((key) => new KmsTokenKey(key)),
    ],
  };
};

/** The secret that signs the provider's cookies: made once for the jurisdiction, read by every instance. */
export const cookieKeys = async (): Promise<string[]> => {
  const read = async () => {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: cookieKeysKey, ConsistentRead: true }),
    );
    return Item ? z.array(z.string().min(32)).min(1).parse(Item.keys) : undefined;
  };
  const found = await read();
  if (found) return found;
  const keys = [randomBytes(32).toString('base64url')];
  await db
    .send(
      new PutCommand({
        TableName: tableName,
        Item: { ...cookieKeysKey, keys },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    .catch((error: { name?: string }) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
  return (await read()) ?? keys;
};
