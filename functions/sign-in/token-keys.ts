// The key that signs tokens: an RSA_2048 KMS key whose private half never leaves KMS, reached by alias
// (TOKEN_KEY_ID), so renewing it — a new key, the alias moved — needs no deployment. oidc-provider signs
// through it as an `ExternalSigningKey` (its external signing support): it hands over the JWS signing
// input and gets the RS256 signature, which KMS computes over the input's SHA-256 digest. A key's `kid` is
// the RFC 7638 thumbprint of its public JWK. Keys that have signed are recorded in the table and stay in the
// JWKS after a renewal, so tokens signed before it keep verifying until they expire (the overlap window).
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ExternalSigningKey } from 'oidc-provider';
import * as z from 'zod';
import { jwkThumbprint } from '../../shared/licences/jws.ts';
import { queryAll } from '../lib/dynamo.ts';
import { readPublicKey } from '../lib/kms.ts';
import { signingKeyKey, signingKeysPartition } from './keys.ts';

export const tokenAlgorithm = 'RS256';

/** What the token key must be; anything else is a misconfigured stack and fails loudly. */
const expected = {
  KeySpec: 'RSA_2048',
  KeyUsage: 'SIGN_VERIFY',
  SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
} as const;

const publicJwkSchema = z.object({
  kty: z.literal('RSA'),
  n: z.string().min(1),
  e: z.string().min(1),
  kid: z.string().min(1),
  alg: z.literal(tokenAlgorithm),
  use: z.literal('sig'),
});
export type PublicTokenJwk = z.infer<typeof publicJwkSchema>;

export interface TokenKey {
  kid: string;
  /** The KMS key's ARN: signing names the key itself, so the signature always matches `kid`. */
  keyArn: string;
  jwk: PublicTokenJwk;
}

/** The key an alias (or ARN) names now, with its public JWK and kid. */
export const readTokenKey = async (kms: KMSClient, keyId: string): Promise<TokenKey> => {
  const { keyArn, publicKey } = await readPublicKey(kms, keyId, expected);
  const { n, e } = publicKey.export({ format: 'jwk' });
  const kid = jwkThumbprint({ kty: 'RSA', n, e });
  return {
    kid,
    keyArn,
    jwk: publicJwkSchema.parse({ kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' }),
  };
};

/** RS256 over `data`: KMS signs its SHA-256 digest (PKCS #1 v1.5), so any length fits. */
export const signWithTokenKey = async (kms: KMSClient, key: TokenKey, data: Uint8Array) => {
  const out = await kms.send(
    new SignCommand({
      KeyId: key.keyArn,
      Message: createHash('sha256').update(data).digest(),
      MessageType: 'DIGEST',
      SigningAlgorithm: expected.SigningAlgorithm,
    }),
  );
  if (!out.Signature) throw new Error(`KMS Sign with ${key.keyArn} returned no signature`);
  return out.Signature;
};

/** A compact JWS signed by the token key, with `alg` and `kid` set as oidc-provider sets them. */
export const signCompactJwt = async (
  kms: KMSClient,
  key: TokenKey,
  payload: Record<string, unknown>,
  typ = 'at+jwt',
) => {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: tokenAlgorithm, typ, kid: key.kid })}.${encode(payload)}`;
  const signature = await signWithTokenKey(kms, key, Buffer.from(input));
  return `${input}.${Buffer.from(signature).toString('base64url')}`;
};

/**
 * The token key as oidc-provider sees it. Keys that no longer sign (renewed) are published only: asking
 * one to sign is a bug.
 */
export class KmsTokenKey extends ExternalSigningKey {
  readonly #key: TokenKey;
  readonly #publicKey: KeyObject;
  readonly #sign: ((data: Uint8Array) => Promise<Uint8Array>) | undefined;

  constructor(key: TokenKey, sign?: (data: Uint8Array) => Promise<Uint8Array>) {
    super();
    this.#key = key;
    this.#publicKey = createPublicKey({ key: key.jwk, format: 'jwk' });
    this.#sign = sign;
  }

  override get kid() {
    return this.#key.kid;
  }

  override get alg() {
    return tokenAlgorithm;
  }

  override keyObject() {
    return this.#publicKey;
  }

  override sign(data: Uint8Array) {
    if (!this.#sign) throw new Error(`Token key ${this.#key.kid} has been renewed and no longer signs`);
    return this.#sign(data);
  }
}

/** The keys that have signed, recorded once each; the JWKS publishes them all. */
export const tokenKeyRegistry = (db: DynamoDBDocumentClient, tableName: string) => ({
  remember: async (key: TokenKey, at: Date) => {
    await db
      .send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...signingKeyKey(key.kid),
            keyArn: key.keyArn,
            jwk: key.jwk,
            firstSignedAt: at.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((error: { name?: string }) => {
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
  },
  all: async (): Promise<TokenKey[]> => {
    const rows = await queryAll(db, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': signingKeysPartition },
    });
    return rows.map((row) => {
      const jwk = publicJwkSchema.parse(row.jwk);
      return { kid: jwk.kid, keyArn: String(row.keyArn), jwk };
    });
  },
});
