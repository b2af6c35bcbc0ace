// The local cloud's KMS, for the 电子印章 electronic seal: the KMS JSON protocol (`x-amz-target:
// TrentService.<Op>`, application/x-amz-json-1.1) over HTTP for CreateKey, Sign, Verify, GetPublicKey,
// DescribeKey and ListAliases, so product code's @aws-sdk/client-kms runs unchanged once
// AWS_ENDPOINT_URL_KMS points here. Only what the stack makes exists: ECC_NIST_P256 SIGN_VERIFY keys with
// ECDSA_SHA_256 (the seal), SM2 SIGN_VERIFY keys with SM2DSA (the OFD seal, as in the China Regions) and
// RSA_2048 SIGN_VERIFY keys with RSASSA_PKCS1_V1_5_SHA_256 (the sign-in function's tokens, RS256), reached
// by alias. Requests' SigV4 signatures are not checked.
//
// Envelope encryption of personal data: SYMMETRIC_DEFAULT ENCRYPT_DECRYPT keys with GenerateDataKey,
// GenerateDataKeyWithoutPlaintext and Decrypt. The key material is 256 random bits and a data key is
// encrypted under it with AES-256-GCM, the encryption context (its pairs sorted) as additional data, so a
// Decrypt with another context fails with InvalidCiphertextException as KMS's does. The CiphertextBlob is
// this endpoint's own: a version byte, the key id, the nonce, the tag and the ciphertext.
//
// SM2 as AWS KMS does it: GetPublicKey answers the SubjectPublicKeyInfo (id-ecPublicKey on curve
// 1.2.156.10197.1.301); Sign and Verify with MessageType RAW compute ZA with the default distinguishing ID
// 1234567812345678, with DIGEST they take e = SM3(ZA ‖ M) from the caller; signatures are DER (r, s).
// The arithmetic is ../../shared/licences/sm2.ts (sm-crypto-v2), never node:crypto's ECDSA.
//
// Keys are made on first start for the aliases given and kept in `dataDir` (one JSON file per key, holding
// its private JWK, plus the alias table), so tokens signed before a restart still verify after it. Unlike
// AWS the private key is on disk in the clear: these are development keys and must never seal anything real.
// `rotate` does what renewing the seal does in AWS (KMS cannot rotate asymmetric keys): a new key, the alias
// moved to it, the old key kept enabled so its signatures still verify.
//
// MessageType RAW (at most 4096 bytes, as AWS) is signed by node:crypto. MessageType DIGEST — what a caller
// sends for a longer message — needs ECDSA over a digest the caller computed, which node:crypto does not
// offer, so the few lines of P-256 arithmetic below do it; both kinds verify with any ES256 verifier. For RSA
// keys a DIGEST is signed as PKCS #1 v1.5 prescribes: the SHA-256 DigestInfo, padded by node:crypto.
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  privateEncrypt,
  publicDecrypt,
  randomBytes,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { derToJose, joseToDer } from '../../shared/licences/jws.ts';
import {
  sm2KeyPair,
  sm2PublicKeyOf,
  sm2Sign,
  sm2SignDigest,
  sm2Verify,
  sm2VerifyDigest,
} from '../../shared/licences/sm2.ts';
import { sm2Spki } from '../../shared/licences/sm2-certificates.ts';
import { ServiceError, serveAwsJson } from './aws-json.ts';
import { loopback } from './ports.ts';

export interface KmsEndpointOptions {
  /** Folder the keys and the alias table are kept in; created when missing. */
  dataDir: string;
  /** Aliases (`alias/…`) that must exist; each one missing from `dataDir` gets a new key at start. */
  aliases: readonly string[];
  /** The key spec of an alias's keys when not ECC_NIST_P256 (the seal's). */
  keySpecs?: Readonly<Record<string, KeySpec>>;
  region?: string;
  accountId?: string;
  /** Interface to listen on; defaults to the loopback interface (never all interfaces). */
  host?: string;
  /** 0 or omitted → an ephemeral port. */
  port?: number;
  log?: (message: string) => void;
}

export interface KmsEndpoint {
  url: string;
  /** Makes a new key and points the alias at it; the key it pointed to stays and still signs and verifies. */
  rotate(alias: string): { keyId: string; keyArn: string };
  close(): Promise<void>;
}

export type KeySpec = SigningKeySpec | 'SYMMETRIC_DEFAULT';
type SigningKeySpec = 'ECC_NIST_P256' | 'RSA_2048' | 'SM2';
const keyUsage = 'SIGN_VERIFY';
const encryptUsage = 'ENCRYPT_DECRYPT';
/** The one signing algorithm each key spec is used with here. */
const signingAlgorithms: Record<SigningKeySpec, string> = {
  ECC_NIST_P256: 'ECDSA_SHA_256',
  RSA_2048: 'RSASSA_PKCS1_V1_5_SHA_256',
  SM2: 'SM2DSA',
};
/** DER DigestInfo prefix of a SHA-256 digest (RFC 8017 §9.2, note 1). */
const sha256DigestInfo = Buffer.from('3031300d060960864801650304020105000420', 'hex');
/** Every value of KMS's SigningAlgorithmSpec: others are malformed requests, these the wrong key. */
const knownSigningAlgorithms = new Set([
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
  'ECDSA_SHA_256',
  'ECDSA_SHA_384',
  'ECDSA_SHA_512',
  'SM2DSA',
  'ML_DSA_SHAKE_256',
]);
/** AWS's limits on Sign and Verify messages and on Verify signatures. */
const maxMessageBytes = 4096;
const maxSignatureBytes = 6144;
const maxBodyBytes = 64 * 1024;
/** AWS's limit on a CiphertextBlob; the first byte of this endpoint's blobs. */
const maxCiphertextBytes = 6144;
const blobVersion = 1;
const targetPrefix = 'TrentService.';

const ecPrivateJwkSchema = z.looseObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().min(1),
  y: z.string().min(1),
  d: z.string().min(1),
});
const rsaPrivateJwkSchema = z.looseObject({
  kty: z.literal('RSA'),
  n: z.string().min(1),
  e: z.string().min(1),
  d: z.string().min(1),
});
const keyRecordSchema = z.discriminatedUnion('keySpec', [
  z.object({
    keyId: z.uuid(),
    /** Epoch milliseconds. */
    createdAt: z.number(),
    description: z.string(),
    keySpec: z.literal('ECC_NIST_P256'),
    keyUsage: z.literal(keyUsage),
    privateKey: ecPrivateJwkSchema,
  }),
  z.object({
    keyId: z.uuid(),
    createdAt: z.number(),
    description: z.string(),
    keySpec: z.literal('RSA_2048'),
    keyUsage: z.literal(keyUsage),
    privateKey: rsaPrivateJwkSchema,
  }),
  z.object({
    keyId: z.uuid(),
    createdAt: z.number(),
    description: z.string(),
    keySpec: z.literal('SM2'),
    keyUsage: z.literal(keyUsage),
    /** The private scalar, hex (node:crypto has no SM2 JWK). */
    privateKey: z.object({ d: z.string().regex(/^[0-9a-f]{64}$/) }),
  }),
  z.object({
    keyId: z.uuid(),
    createdAt: z.number(),
    description: z.string(),
    keySpec: z.literal('SYMMETRIC_DEFAULT'),
    keyUsage: z.literal(encryptUsage),
    /** 256-bit key material, hex. */
    material: z.string().regex(/^[0-9a-f]{64}$/),
  }),
]);
type KeyRecord = z.infer<typeof keyRecordSchema>;
const aliasTableSchema = z.record(
  z.string(),
  z.object({ targetKeyId: z.uuid(), createdAt: z.number(), updatedAt: z.number() }),
);
type AliasTable = z.infer<typeof aliasTableSchema>;

type LoadedKey =
  | {
      record: Exclude<KeyRecord, { keySpec: 'SM2' | 'SYMMETRIC_DEFAULT' }>;
      privateKey: KeyObject;
      publicKey: KeyObject;
    }
  | { record: Extract<KeyRecord, { keySpec: 'SYMMETRIC_DEFAULT' }>; material: Buffer }
  | {
      record: Extract<KeyRecord, { keySpec: 'SM2' }>;
      sm2: { privateKey: Uint8Array; publicKey: Uint8Array };
    };

/** AWS's alias rule, minus the `alias/aws/` prefix that only AWS-managed keys may use. */
const validAlias = /^alias\/(?!aws\/)[a-zA-Z0-9/_-]{1,250}$/;
const keyIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const arnPattern = /^arn:[\w-]+:kms:([^:]*):([^:]*):(key|alias)\/(.+)$/;
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/*
 * ECDSA on P-256 over a precomputed SHA-256 digest (SEC 1 §4.1.3 and §4.1.4), for MessageType DIGEST.
 * BigInt in Jacobian coordinates (x = X/Z², y = Y/Z³; the doubling formula uses a = −3): a few milliseconds
 * a signature and not constant-time, which is fine for development keys on loopback, and short enough to
 * check line by line against the standard. Tests cross-check it with node:crypto both ways.
 */
const curve = {
  p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
  n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  g: {
    x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
    z: 1n,
  },
};
/** A point in Jacobian coordinates; Z = 0 is the point at infinity. */
type Point = { x: bigint; y: bigint; z: bigint };
const infinity: Point = { x: 1n, y: 1n, z: 0n };

const mod = (a: bigint, m = curve.p) => ((a % m) + m) % m;
/** Extended Euclid; the moduli are prime, so every non-zero `a` has an inverse. */
const invert = (a: bigint, m: bigint) => {
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
};
/** dbl-2001-b (a = −3). */
const doublePoint = (a: Point): Point => {
  if (a.z === 0n || a.y === 0n) return infinity;
  const delta = mod(a.z * a.z);
  const gamma = mod(a.y * a.y);
  const beta = mod(a.x * gamma);
  const alpha = mod(3n * (a.x - delta) * (a.x + delta));
  const x = mod(alpha * alpha - 8n * beta);
  return {
    x,
    y: mod(alpha * (4n * beta - x) - 8n * gamma * gamma),
    z: mod((a.y + a.z) * (a.y + a.z) - gamma - delta),
  };
};
/** add-2007-bl; equal inputs fall back to doubling, opposite ones give infinity. */
const addPoints = (a: Point, b: Point): Point => {
  if (a.z === 0n) return b;
  if (b.z === 0n) return a;
  const z1z1 = mod(a.z * a.z);
  const z2z2 = mod(b.z * b.z);
  const u1 = mod(a.x * z2z2);
  const s1 = mod(a.y * b.z * z2z2);
  const h = mod(mod(b.x * z1z1) - u1);
  const r = mod(2n * (mod(b.y * a.z * z1z1) - s1));
  if (h === 0n) return r === 0n ? doublePoint(a) : infinity;
  const i = mod(4n * h * h);
  const j = mod(h * i);
  const v = mod(u1 * i);
  const x = mod(r * r - j - 2n * v);
  return {
    x,
    y: mod(r * (v - x) - 2n * s1 * j),
    z: mod(((a.z + b.z) * (a.z + b.z) - z1z1 - z2z2) * h),
  };
};
const multiply = (k: bigint, point: Point): Point => {
  let result = infinity;
  let addend = point;
  for (let rest = k; rest > 0n; rest >>= 1n) {
    if (rest & 1n) result = addPoints(result, addend);
    addend = doublePoint(addend);
  }
  return result;
};
/** The affine x coordinate, or undefined at infinity. */
const affineX = (point: Point) =>
  point.z === 0n ? undefined : mod(point.x * invert(point.z * point.z, curve.p));
const toBigInt = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
const toBytes32 = (value: bigint) => Buffer.from(value.toString(16).padStart(64, '0'), 'hex');
const jwkScalar = (member: string) => toBigInt(Buffer.from(member, 'base64url'));

/** A DER signature of a 32-byte digest with the private scalar of `jwk`. */
const signDigest = (jwk: { d: string }, digest: Uint8Array): Buffer => {
  const { n } = curve;
  const d = jwkScalar(jwk.d);
  const z = toBigInt(digest);
  for (;;) {
    const k = toBigInt(randomBytes(32));
    if (k === 0n || k >= n) continue;
    const r = mod(affineX(multiply(k, curve.g))!, n);
    const s = mod(invert(k, n) * (z + r * d), n);
    if (r !== 0n && s !== 0n) return Buffer.from(joseToDer(Buffer.concat([toBytes32(r), toBytes32(s)])));
  }
};

/** Whether DER `signature` signs the 32-byte `digest` for the public point of `jwk`. */
const verifyDigest = (jwk: { x: string; y: string }, digest: Uint8Array, signature: Uint8Array): boolean => {
  const { n } = curve;
  let raw: Uint8Array;
  try {
    raw = derToJose(signature);
  } catch {
    return false;
  }
  const r = toBigInt(raw.subarray(0, 32));
  const s = toBigInt(raw.subarray(32));
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  const w = invert(s, n);
  const q = { x: jwkScalar(jwk.x), y: jwkScalar(jwk.y), z: 1n };
  const x = affineX(addPoints(multiply(mod(toBigInt(digest) * w, n), curve.g), multiply(mod(r * w, n), q)));
  return x !== undefined && mod(x, n) === r;
};

const writeAtomically = (file: string, content: string) => {
  writeFileSync(`${file}.tmp`, content, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
};

const readJson = <T>(file: string, schema: z.ZodType<T>): T => {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new Error(`Local KMS: ${file} is not valid JSON; fix or delete it`, { cause });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`Local KMS: ${file} is not a key store file: ${parsed.error.message}`);
  return parsed.data;
};

/** AWS's wording for a field that breaks a constraint, so messages read as they do against AWS. */
const invalidField = (value: unknown, field: string, constraint: string) =>
  new ServiceError(
    'ValidationException',
    `1 validation error detected: Value ${value === undefined || value === null ? 'null' : `'${String(value)}'`} at '${field}' failed to satisfy constraint: ${constraint}`,
  );

const requiredString = (body: Record<string, unknown>, name: string, field: string) => {
  const value = body[name];
  if (value === undefined || value === null) throw invalidField(value, field, 'Member must not be null');
  if (typeof value !== 'string') throw new ServiceError('SerializationException', `${name} must be a string`);
  if (value.length === 0)
    throw invalidField(value, field, 'Member must have length greater than or equal to 1');
  return value;
};

/** A blob member: base64 text in the JSON body, as the SDK sends it. */
const requiredBlob = (body: Record<string, unknown>, name: string, field: string, maxBytes: number) => {
  const value = body[name];
  if (value === undefined || value === null) throw invalidField(value, field, 'Member must not be null');
  if (typeof value !== 'string' || !base64Pattern.test(value))
    throw new ServiceError('SerializationException', `${name} is not valid base64`);
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length === 0) throw invalidField('', field, 'Member must have length greater than or equal to 1');
  if (bytes.length > maxBytes)
    throw invalidField('', field, `Member must have length less than or equal to ${maxBytes}`);
  return bytes;
};

export const startKmsEndpoint = async (options: KmsEndpointOptions): Promise<KmsEndpoint> => {
  const host = options.host ?? loopback;
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const log = options.log ?? (() => undefined);
  const keysDir = join(options.dataDir, 'keys');
  const aliasFile = join(options.dataDir, 'aliases.json');
  mkdirSync(keysDir, { recursive: true });

  const keyArn = (keyId: string) => `arn:aws:kms:${region}:${accountId}:key/${keyId}`;
  const aliasArn = (alias: string) => `arn:aws:kms:${region}:${accountId}:${alias}`;

  const load = (record: KeyRecord): LoadedKey => {
    if (record.keySpec === 'SYMMETRIC_DEFAULT')
      return { record, material: Buffer.from(record.material, 'hex') };
    if (record.keySpec === 'SM2') {
      const privateKey = new Uint8Array(Buffer.from(record.privateKey.d, 'hex'));
      return { record, sm2: { privateKey, publicKey: sm2PublicKeyOf(privateKey) } };
    }
    const privateKey = createPrivateKey({ key: record.privateKey, format: 'jwk' });
    return { record, privateKey, publicKey: createPublicKey(privateKey) };
  };

  const keys = new Map<string, LoadedKey>();
  for (const file of readdirSync(keysDir).filter((name) => name.endsWith('.json'))) {
    const record = readJson(join(keysDir, file), keyRecordSchema);
    if (file !== `${record.keyId}.json`) throw new Error(`Local KMS: ${file} holds key ${record.keyId}`);
    keys.set(record.keyId, load(record));
  }
  const aliases: AliasTable = existsSync(aliasFile) ? readJson(aliasFile, aliasTableSchema) : {};
  for (const [alias, { targetKeyId }] of Object.entries(aliases)) {
    if (!keys.has(targetKeyId))
      throw new Error(
        `Local KMS: ${aliasFile} points ${alias} at key ${targetKeyId}, which is not in ${keysDir}`,
      );
  }
  const saveAliases = () => writeAtomically(aliasFile, JSON.stringify(aliases, null, 2));

  /** The key file is written before the alias table, so a crash in between leaves an unused key, not a
   * dangling alias. */
  const createKey = (description: string, keySpec: KeySpec): LoadedKey => {
    if (keySpec === 'SYMMETRIC_DEFAULT')
      return saveKey(
        { keyUsage: encryptUsage, material: randomBytes(32).toString('hex') },
        description,
        keySpec,
      );
    const privateKey =
      keySpec === 'SM2'
        ? { d: Buffer.from(sm2KeyPair().privateKey).toString('hex') }
        : (keySpec === 'RSA_2048'
            ? generateKeyPairSync('rsa', { modulusLength: 2048 })
            : generateKeyPairSync('ec', { namedCurve: 'P-256' })
          ).privateKey.export({ format: 'jwk' });
    return saveKey({ keyUsage, privateKey }, description, keySpec);
  };

  const saveKey = (secret: Record<string, unknown>, description: string, keySpec: KeySpec): LoadedKey => {
    const record = keyRecordSchema.parse({
      keyId: randomUUID(),
      createdAt: Date.now(),
      description,
      keySpec,
      ...secret,
    });
    writeAtomically(join(keysDir, `${record.keyId}.json`), JSON.stringify(record, null, 2));
    const key = load(record);
    keys.set(record.keyId, key);
    return key;
  };

  const pointAlias = (alias: string, keyId: string) => {
    const at = Date.now();
    aliases[alias] = { targetKeyId: keyId, createdAt: aliases[alias]?.createdAt ?? at, updatedAt: at };
    saveAliases();
  };

  for (const alias of options.aliases) {
    if (!validAlias.test(alias)) throw new Error(`Local KMS: ${alias} is not a valid alias name`);
    if (!aliases[alias]) {
      const spec = options.keySpecs?.[alias] ?? 'ECC_NIST_P256';
      const key = createKey(
        `Local ${spec === 'SYMMETRIC_DEFAULT' ? 'encryption' : 'signing'} key for ${alias}`,
        spec,
      );
      pointAlias(alias, key.record.keyId);
      log(`kms: created key ${key.record.keyId} for ${alias}`);
    }
  }

  /** Finds the key a `KeyId` names: alias name, alias ARN, key id or key ARN, as KMS accepts them. */
  const resolve = (value: string): LoadedKey => {
    const byAlias = (alias: string, shown: string) => {
      const entry = aliases[alias];
      if (!entry) throw new ServiceError('NotFoundException', `Alias ${shown} is not found.`);
      return keys.get(entry.targetKeyId)!;
    };
    const byKeyId = (keyId: string, shown: string) => {
      const key = keys.get(keyId);
      if (!key) throw new ServiceError('NotFoundException', `Key '${shown}' does not exist`);
      return key;
    };
    const arn = arnPattern.exec(value);
    if (arn) {
      const [, arnRegion, arnAccount, kind, rest = ''] = arn;
      // Another region's or account's ARN names a key this endpoint cannot have.
      if (arnRegion !== region || arnAccount !== accountId)
        throw new ServiceError(
          'NotFoundException',
          `${kind === 'alias' ? 'Alias' : 'Key'} ${value} is not found.`,
        );
      return kind === 'alias' ? byAlias(`alias/${rest}`, value) : byKeyId(rest, value);
    }
    if (value.startsWith('alias/')) return byAlias(value, aliasArn(value));
    if (keyIdPattern.test(value)) return byKeyId(value, keyArn(value));
    throw new ServiceError('NotFoundException', `Invalid keyId '${value}'`);
  };

  /** The key, when it signs; an encryption key named for signing is the wrong key, as in KMS. */
  const signingKey = (key: LoadedKey) => {
    if ('material' in key)
      throw new ServiceError(
        'InvalidKeyUsageException',
        `${keyArn(key.record.keyId)} key usage is ENCRYPT_DECRYPT which is not valid for this operation.`,
      );
    return key;
  };
  /** The key, when it encrypts. */
  const encryptionKey = (key: LoadedKey) => {
    if (!('material' in key))
      throw new ServiceError(
        'InvalidKeyUsageException',
        `${keyArn(key.record.keyId)} key usage is ${keyUsage} which is not valid for this operation.`,
      );
    return key;
  };

  const signingAlgorithmOf = (
    body: Record<string, unknown>,
    key: Exclude<LoadedKey, { material: Buffer }>,
  ) => {
    const { keySpec } = key.record;
    const signingAlgorithm = signingAlgorithms[keySpec];
    const value = requiredString(body, 'SigningAlgorithm', 'signingAlgorithm');
    if (!knownSigningAlgorithms.has(value))
      throw invalidField(
        value,
        'signingAlgorithm',
        `Member must satisfy enum value set: [${[...knownSigningAlgorithms].join(', ')}]`,
      );
    if (value !== signingAlgorithm)
      throw new ServiceError(
        'InvalidKeyUsageException',
        `Signing algorithm ${value} is not compatible with key spec ${keySpec}; use ${signingAlgorithm}`,
      );
    return value;
  };

  /** The message and how to treat it; a DIGEST must be as long as the algorithm's hash, as AWS checks. */
  const messageOf = (body: Record<string, unknown>, signingAlgorithm: string) => {
    const message = requiredBlob(body, 'Message', 'message', maxMessageBytes);
    const type = body.MessageType ?? 'RAW';
    if (type === 'RAW') return { message, digest: false };
    if (type === 'DIGEST') {
      if (message.length !== 32)
        throw new ServiceError(
          'ValidationException',
          `Digest is invalid length for algorithm ${signingAlgorithm}.`,
        );
      return { message, digest: true };
    }
    if (type === 'EXTERNAL_MU')
      throw new ServiceError('InvalidKeyUsageException', 'MessageType EXTERNAL_MU is only for ML-DSA keys');
    throw invalidField(type, 'messageType', 'Member must satisfy enum value set: [RAW, DIGEST, EXTERNAL_MU]');
  };

  const specOf = (key: LoadedKey) => ({
    CustomerMasterKeySpec: key.record.keySpec,
    KeySpec: key.record.keySpec,
    ...('material' in key
      ? { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] }
      : { SigningAlgorithms: [signingAlgorithms[key.record.keySpec]] }),
  });

  const dryRun = (body: Record<string, unknown>) => {
    if (body.DryRun === true)
      throw new ServiceError(
        'DryRunOperationException',
        'The request would have succeeded, but the DryRun option is set.',
      );
  };

  const metadata = (key: LoadedKey) => ({
    ...specOf(key),
    AWSAccountId: accountId,
    KeyId: key.record.keyId,
    Arn: keyArn(key.record.keyId),
    CreationDate: key.record.createdAt / 1000,
    Enabled: true,
    Description: key.record.description,
    KeyUsage: key.record.keyUsage,
    KeyState: 'Enabled',
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    MultiRegion: false,
  });

  const operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    // Only signing keys of the specs above; a key made here has no alias until one is pointed at it.
    CreateKey: (body) => {
      const spec = body.KeySpec ?? body.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
      const usage = body.KeyUsage ?? 'ENCRYPT_DECRYPT';
      const symmetric = usage === encryptUsage && spec === 'SYMMETRIC_DEFAULT';
      if (
        !symmetric &&
        (usage !== keyUsage || typeof spec !== 'string' || !Object.hasOwn(signingAlgorithms, spec))
      )
        throw new ServiceError(
          'UnsupportedOperationException',
          `The local KMS makes only SYMMETRIC_DEFAULT ${encryptUsage} keys and ${keyUsage} keys of ${Object.keys(signingAlgorithms).join(', ')}`,
        );
      const description = typeof body.Description === 'string' ? body.Description : '';
      dryRun(body);
      const key = createKey(description, spec as KeySpec);
      log(`kms: created ${spec} key ${key.record.keyId}`);
      return { KeyMetadata: metadata(key) };
    },
    DescribeKey: (body) => ({ KeyMetadata: metadata(resolve(requiredString(body, 'KeyId', 'keyId'))) }),

    GetPublicKey: (body) => {
      const key = signingKey(resolve(requiredString(body, 'KeyId', 'keyId')));
      const spki =
        'sm2' in key
          ? Buffer.from(sm2Spki(key.sm2.publicKey))
          : key.publicKey.export({ type: 'spki', format: 'der' });
      return {
        KeyId: keyArn(key.record.keyId),
        PublicKey: spki.toString('base64'),
        ...specOf(key),
        KeyUsage: keyUsage,
      };
    },

    Sign: (body) => {
      const key = signingKey(resolve(requiredString(body, 'KeyId', 'keyId')));
      const algorithm = signingAlgorithmOf(body, key);
      const { message, digest } = messageOf(body, algorithm);
      dryRun(body);
      // DER, as KMS returns ECDSA and SM2 signatures; RSA signatures are the modulus' length.
      const signature =
        'sm2' in key
          ? Buffer.from(
              digest ? sm2SignDigest(key.sm2.privateKey, message) : sm2Sign(key.sm2.privateKey, message),
            )
          : key.record.keySpec === 'RSA_2048'
            ? digest
              ? privateEncrypt(
                  { key: key.privateKey, padding: constants.RSA_PKCS1_PADDING },
                  Buffer.concat([sha256DigestInfo, message]),
                )
              : sign('sha256', message, key.privateKey)
            : digest
              ? signDigest(key.record.privateKey, message)
              : sign('sha256', message, key.privateKey);
      return {
        KeyId: keyArn(key.record.keyId),
        Signature: signature.toString('base64'),
        SigningAlgorithm: algorithm,
      };
    },

    Verify: (body) => {
      const key = signingKey(resolve(requiredString(body, 'KeyId', 'keyId')));
      const algorithm = signingAlgorithmOf(body, key);
      const { message, digest } = messageOf(body, algorithm);
      const signature = requiredBlob(body, 'Signature', 'signature', maxSignatureBytes);
      dryRun(body);
      let valid = false;
      try {
        const record = key.record;
        valid =
          'sm2' in key
            ? digest
              ? sm2VerifyDigest(key.sm2.publicKey, message, signature)
              : sm2Verify(key.sm2.publicKey, message, signature)
            : record.keySpec === 'RSA_2048' && digest
              ? publicDecrypt({ key: key.publicKey, padding: constants.RSA_PKCS1_PADDING }, signature).equals(
                  Buffer.concat([sha256DigestInfo, message]),
                )
              : record.keySpec === 'ECC_NIST_P256' && digest
                ? verifyDigest(record.privateKey, message, signature)
                : verify('sha256', message, key.publicKey, signature);
      } catch {
        // not DER at all: as invalid as a wrong signature
      }
      if (!valid) throw new ServiceError('KMSInvalidSignatureException', 'The signature is not valid.');
      return { KeyId: keyArn(key.record.keyId), SignatureValid: true, SigningAlgorithm: algorithm };
    },

    GenerateDataKey: (body) => generateDataKey(body, true),
    GenerateDataKeyWithoutPlaintext: (body) => generateDataKey(body, false),

    Decrypt: (body) => {
      const blob = requiredBlob(body, 'CiphertextBlob', 'ciphertextBlob', maxCiphertextBytes);
      const context = encryptionContextOf(body);
      const headerBytes = 1 + 16 + 12 + 16;
      if (blob.length <= headerBytes || blob[0] !== blobVersion)
        throw new ServiceError('InvalidCiphertextException', '');
      const keyId = uuidOf(blob.subarray(1, 17));
      const key = keys.get(keyId);
      if (!key) throw new ServiceError('InvalidCiphertextException', '');
      // A KeyId given must name the key the ciphertext is under, as KMS checks.
      if (body.KeyId !== undefined) {
        const named = resolve(requiredString(body, 'KeyId', 'keyId'));
        if (named.record.keyId !== keyId)
          throw new ServiceError(
            'IncorrectKeyException',
            'The key ID in the request does not identify a KMS key that can perform this operation.',
          );
      }
      const material = encryptionKey(key).material;
      dryRun(body);
      const decipher = createDecipheriv('aes-256-gcm', material, blob.subarray(17, 29));
      decipher.setAAD(contextBytes(context));
      decipher.setAuthTag(blob.subarray(29, 45));
      let plaintext: Buffer;
      try {
        plaintext = Buffer.concat([decipher.update(blob.subarray(45)), decipher.final()]);
      } catch {
        // Another context, or a blob that was altered: KMS says no more than this.
        throw new ServiceError('InvalidCiphertextException', '');
      }
      return {
        KeyId: keyArn(keyId),
        Plaintext: plaintext.toString('base64'),
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      };
    },

    ListAliases: (body) => {
      const limit = body.Limit ?? 50;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100)
        throw invalidField(limit, 'limit', 'Member must have value between 1 and 100');
      const target =
        body.KeyId === undefined ? undefined : resolve(requiredString(body, 'KeyId', 'keyId')).record.keyId;
      const all = Object.entries(aliases)
        .filter(([, entry]) => target === undefined || entry.targetKeyId === target)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      // The marker is the last alias name of the previous page, so a page survives aliases added meanwhile.
      let start = 0;
      if (body.Marker !== undefined) {
        const after = typeof body.Marker === 'string' ? Buffer.from(body.Marker, 'base64url').toString() : '';
        if (!after.startsWith('alias/'))
          throw new ServiceError('InvalidMarkerException', 'The marker is not valid.');
        start = all.findIndex(([name]) => name > after);
        if (start === -1) start = all.length;
      }
      const page = all.slice(start, start + limit);
      const truncated = start + limit < all.length;
      return {
        Aliases: page.map(([name, entry]) => ({
          AliasName: name,
          AliasArn: aliasArn(name),
          TargetKeyId: entry.targetKeyId,
          CreationDate: entry.createdAt / 1000,
          LastUpdatedDate: entry.updatedAt / 1000,
        })),
        Truncated: truncated,
        ...(truncated ? { NextMarker: Buffer.from(page.at(-1)![0]).toString('base64url') } : {}),
      };
    },
  };

  /** The encryption context: string pairs, authenticated with the data key and needed again to decrypt. */
  const encryptionContextOf = (body: Record<string, unknown>) => {
    const context = body.EncryptionContext ?? {};
    if (
      typeof context !== 'object' ||
      context === null ||
      Array.isArray(context) ||
      Object.values(context).some((v) => typeof v !== 'string')
    )
      throw new ServiceError('SerializationException', 'EncryptionContext must map strings to strings');
    return context as Record<string, string>;
  };
  const contextBytes = (context: Record<string, string>) =>
    Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  const uuidOf = (bytes: Uint8Array) => {
    const hex = Buffer.from(bytes).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };

  /** A fresh data key encrypted under the named key (NumberOfBytes, or KeySpec AES_128 / AES_256). */
  const generateDataKey = (body: Record<string, unknown>, withPlaintext: boolean) => {
    const key = encryptionKey(resolve(requiredString(body, 'KeyId', 'keyId')));
    const { NumberOfBytes: count, KeySpec: spec } = body;
    if ((count === undefined) === (spec === undefined))
      throw new ServiceError('ValidationException', 'Please specify either number of bytes or key spec.');
    let length: number;
    if (spec !== undefined) {
      if (spec !== 'AES_128' && spec !== 'AES_256')
        throw invalidField(spec, 'keySpec', 'Member must satisfy enum value set: [AES_256, AES_128]');
      length = spec === 'AES_128' ? 16 : 32;
    } else {
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1024)
        throw invalidField(count, 'numberOfBytes', 'Member must have value between 1 and 1024');
      length = count;
    }
    const context = encryptionContextOf(body);
    dryRun(body);
    const plaintext = randomBytes(length);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.material, iv);
    cipher.setAAD(contextBytes(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const blob = Buffer.concat([
      Buffer.from([blobVersion]),
      Buffer.from(key.record.keyId.replaceAll('-', ''), 'hex'),
      iv,
      cipher.getAuthTag(),
      ciphertext,
    ]);
    return {
      KeyId: keyArn(key.record.keyId),
      CiphertextBlob: blob.toString('base64'),
      ...(withPlaintext ? { Plaintext: plaintext.toString('base64') } : {}),
    };
  };

  const server = await serveAwsJson({
    name: 'kms',
    protocolVersion: '1.1',
    host,
    port: options.port,
    maxBodyBytes,
    internalErrorType: 'KMSInternalException',
    log,
    operation: (target) => {
      const name = target.startsWith(targetPrefix) ? target.slice(targetPrefix.length) : '';
      if (!Object.hasOwn(operations, name)) return undefined;
      const run = operations[name]!;
      return (body) => {
        if (typeof body !== 'object' || body === null || Array.isArray(body))
          throw new ServiceError('SerializationException', 'The request body must be a JSON object');
        return run(body as Record<string, unknown>);
      };
    },
  });

  return {
    url: server.url,
    rotate: (alias) => {
      const current = aliases[alias];
      if (!current) throw new Error(`Local KMS: no alias ${alias}`);
      const { description, keySpec } = keys.get(current.targetKeyId)!.record;
      const key = createKey(description, keySpec);
      pointAlias(alias, key.record.keyId);
      log(`kms: ${alias} now points at key ${key.record.keyId} (was ${current.targetKeyId})`);
      return { keyId: key.record.keyId, keyArn: keyArn(key.record.keyId) };
    },
    close: server.close,
  };
};
