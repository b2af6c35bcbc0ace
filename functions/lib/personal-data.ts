// Personal data sealed with the jurisdiction's personal-data key (binding personal-data:seal or :open): the
// data keys of shared/sealed.ts come from KMS, the blind-index secret is kept in the table encrypted under
// the same key. What KMS is asked for is cached per function instance:
//
// - sealing uses one data key (GenerateDataKey) for an hour, then asks for a new one; its encrypted form is
//   stored beside every value it sealed, so one KMS call per instance and hour, none per request;
// - opening decrypts each distinct encrypted data key once (Decrypt), then reuses it;
// - the blind-index secret is read from its row and decrypted once per instance; the first instance ever
//   to need it makes it (GenerateDataKeyWithoutPlaintext) and writes it if no other did first.
//
// Every KMS call names its purpose and the table in the encryption context, which the IAM grants of the
// bindings match on: a sealing function cannot decrypt a field's data key, only the blind-index secret.
import {
  DecryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  blindIndex,
  type DataKey,
  dataKeyBytes,
  mask,
  openValue,
  type PersonalKind,
  type SealAlgorithm,
  type SealContext,
  type SealedValue,
  sealAlgorithmFor,
  sealValue,
} from '../../shared/sealed.ts';

/** Where the blind-index secret is kept (encrypted under the personal-data key). */
export const blindIndexSecretKey = { pk: 'KEY#blind-index', sk: 'K' } as const;
/** A data key seals for this long in one instance before a new one is asked for. */
export const dataKeyLifetimeMs = 3_600_000;
/** Opened data keys kept per instance; each value names its own, so this bounds memory, not correctness. */
const openedKeysKept = 256;

export interface PersonalData {
  algorithm: SealAlgorithm;
  /** The table the sealed values live in (part of where each one opens). */
  table: string;
  /** `value` sealed for its place, masked as its kind is. */
  seal(context: SealContext, kind: PersonalKind, value: string): Promise<SealedValue>;
  /** The clear value; only with personal-data:open (KMS refuses the Decrypt otherwise). */
  open(context: SealContext, sealed: SealedValue): Promise<string>;
  /** The keyed blind index of `value`, for finding rows by it. */
  index(kind: PersonalKind, value: string): Promise<string>;
}

export interface PersonalDataOptions {
  kms: KMSClient;
  db: DynamoDBDocumentClient;
  keyId: string;
  table: string;
  /** SM4 in the China Regions, AES elsewhere (from the region the function runs in). */
  algorithm?: SealAlgorithm;
  now?: () => number;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

export const createPersonalData = (options: PersonalDataOptions): PersonalData => {
  const { kms, db, keyId, table } = options;
  const algorithm = options.algorithm ?? sealAlgorithmFor(process.env.AWS_REGION);
  const now = options.now ?? Date.now;
  const context = (purpose: 'personal-data' | 'blind-index') => ({ purpose, table });

  let current: { key: Promise<DataKey>; until: number } | undefined;
  const dataKey = () => {
    if (!current || current.until <= now()) {
      const key = kms
        .send(
          new GenerateDataKeyCommand({
            KeyId: keyId,
            NumberOfBytes: dataKeyBytes[algorithm],
            EncryptionContext: context('personal-data'),
          }),
        )
        .then((out): DataKey => {
          if (!out.Plaintext || !out.CiphertextBlob || !out.KeyId) throw new Error('KMS gave no data key');
          return {
            alg: algorithm,
            plaintext: out.Plaintext,
            encrypted: b64(out.CiphertextBlob),
            kek: out.KeyId,
          };
        });
      current = { key, until: now() + dataKeyLifetimeMs };
      // A failed call is not cached: the next request asks again.
      key.catch(() => {
        if (current?.key === key) current = undefined;
      });
    }
    return current.key;
  };

  const opened = new Map<string, Promise<Uint8Array>>();
  const decrypt = (encrypted: string, purpose: 'personal-data' | 'blind-index') => {
    let key = opened.get(encrypted);
    if (!key) {
      key = kms
        .send(
          new DecryptCommand({
            KeyId: keyId,
            CiphertextBlob: Buffer.from(encrypted, 'base64url'),
            EncryptionContext: context(purpose),
          }),
        )
        .then((out) => {
          if (!out.Plaintext) throw new Error('KMS gave no plaintext');
          return out.Plaintext;
        });
      if (opened.size >= openedKeysKept) opened.delete(opened.keys().next().value!);
      opened.set(encrypted, key);
      key.catch(() => opened.delete(encrypted));
    }
    return key;
  };

  let secret: Promise<Uint8Array> | undefined;
  const readSecret = async () => {
    const read = async () =>
      (await db.send(new GetCommand({ TableName: table, Key: blindIndexSecretKey, ConsistentRead: true })))
        .Item?.secret as string | undefined;
    let stored = await read();
    if (!stored) {
      const made = await kms.send(
        new GenerateDataKeyWithoutPlaintextCommand({
          KeyId: keyId,
          NumberOfBytes: 32,
          EncryptionContext: context('blind-index'),
        }),
      );
      if (!made.CiphertextBlob) throw new Error('KMS gave no blind-index secret');
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: { ...blindIndexSecretKey, secret: b64(made.CiphertextBlob) },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      }
      // Whoever wrote first, everyone uses what is stored.
      stored = await read();
      if (!stored) throw new Error('The blind-index secret was neither found nor written');
    }
    return decrypt(stored, 'blind-index');
  };

  return {
    algorithm,
    table,
    seal: async (where, kind, value) => sealValue(await dataKey(), where, value, mask(kind, value)),
    open: async (where, sealed) => openValue(await decrypt(sealed.edk, 'personal-data'), where, sealed),
    index: async (kind, value) => {
      secret ??= readSecret();
      secret.catch(() => {
        secret = undefined;
      });
      return blindIndex(algorithm, await secret, kind, value);
    },
  };
};
