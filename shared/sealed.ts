// 个人信息加密存储: one personal value (an identity number, a mobile number, a form field an item marks
// sensitive) sealed for storage with envelope encryption, the keyed blind index that finds a row by such a
// value without storing it, and the masks responses show instead of it. Pure: the data keys come from the
// caller (functions/lib/personal-data.ts gets them from KMS); nothing here does I/O.
//
// A sealed value is versioned and names its cipher, the KMS key its data key is encrypted under and that
// encrypted data key itself, so any holder of kms:Decrypt on that key can open it without another lookup.
// The additional authenticated data binds the ciphertext to its table, row and field: the same ciphertext
// copied to another row or field does not open. Ciphers: AES-256-GCM (node:crypto) outside China, SM4-GCM
// (GB/T 32907, sm-crypto-v2) in the China Regions, where KMS's SYMMETRIC_DEFAULT keys are SM4 — both with a
// random 96-bit nonce per value and a 128-bit tag.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { sm3, sm4 } from 'sm-crypto-v2';
import * as z from 'zod';

export const sealAlgorithms = ['AES-256-GCM', 'SM4-GCM'] as const;
export type SealAlgorithm = (typeof sealAlgorithms)[number];

/** Data key length per cipher, in bytes. */
export const dataKeyBytes: Record<SealAlgorithm, number> = { 'AES-256-GCM': 32, 'SM4-GCM': 16 };

/** SM4 where the partition's symmetric KMS keys are SM4 (the China Regions), AES elsewhere. */
export const sealAlgorithmFor = (region: string | undefined): SealAlgorithm =>
  region?.startsWith('cn-') ? 'SM4-GCM' : 'AES-256-GCM';

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/);

export const sealedValueSchema = z.object({
  /** Format version. */
  v: z.literal(1),
  alg: z.enum(sealAlgorithms),
  /** The KMS key (ARN) the data key is encrypted under. */
  kek: z.string().min(1),
  /** The data key as KMS encrypted it (its CiphertextBlob). */
  edk: base64url,
  iv: base64url,
  ct: base64url,
  tag: base64url,
  /** What a response may show instead of the value. */
  mask: z.string(),
});
export type SealedValue = z.infer<typeof sealedValueSchema>;

export const isSealed = (value: unknown): value is SealedValue => sealedValueSchema.safeParse(value).success;

/** Where a sealed value lives: it opens only there. */
export interface SealContext {
  table: string;
  /** The row's key, e.g. `CASE#…`. */
  row: string;
  /** The field's path within the row, e.g. `applicant.idNumber`. */
  field: string;
}

/** A data key as GenerateDataKey returns it: the plaintext to use, the ciphertext to store beside it. */
export interface DataKey {
  alg: SealAlgorithm;
  plaintext: Uint8Array;
  /** base64url of KMS's CiphertextBlob. */
  encrypted: string;
  /** ARN of the KMS key. */
  kek: string;
}

const aad = (alg: SealAlgorithm, c: SealContext) =>
  Buffer.from(['tongban-sealed/1', alg, c.table, c.row, c.field].join('\u0000'));

const checkKey = (alg: SealAlgorithm, key: Uint8Array) => {
  if (key.length !== dataKeyBytes[alg])
    throw new Error(`A ${alg} data key has ${dataKeyBytes[alg]} bytes, not ${key.length}`);
};

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'));

/** `value` sealed under `key` for the place `context` names, with `mask` as its shown form. */
export const sealValue = (key: DataKey, context: SealContext, value: string, mask: string): SealedValue => {
  checkKey(key.alg, key.plaintext);
  const iv = randomBytes(12);
  const data = aad(key.alg, context);
  let ct: Uint8Array;
  let tag: Uint8Array;
  if (key.alg === 'AES-256-GCM') {
    const cipher = createCipheriv('aes-256-gcm', key.plaintext, iv);
    cipher.setAAD(data);
    ct = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    tag = cipher.getAuthTag();
  } else {
    const out = sm4.encrypt(new Uint8Array(Buffer.from(value, 'utf8')), key.plaintext, {
      mode: 'gcm',
      iv,
      associatedData: new Uint8Array(data),
      output: 'array',
      outputTag: true,
    });
    if (!out.tag) throw new Error('SM4-GCM gave no tag');
    ct = out.output;
    tag = out.tag;
  }
  return {
    v: 1,
    alg: key.alg,
    kek: key.kek,
    edk: key.encrypted,
    iv: b64(iv),
    ct: b64(ct),
    tag: b64(tag),
    mask,
  };
};

/** The clear value of `sealed`, with the data key KMS decrypted; throws when it was sealed elsewhere. */
export const openValue = (plaintextKey: Uint8Array, context: SealContext, sealed: SealedValue): string => {
  checkKey(sealed.alg, plaintextKey);
  const data = aad(sealed.alg, context);
  const iv = unb64(sealed.iv);
  if (sealed.alg === 'AES-256-GCM') {
    const decipher = createDecipheriv('aes-256-gcm', plaintextKey, iv);
    decipher.setAAD(data);
    decipher.setAuthTag(unb64(sealed.tag));
    try {
      return Buffer.concat([decipher.update(unb64(sealed.ct)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(`The sealed ${context.field} does not open here`);
    }
  }
  let clear: Uint8Array;
  try {
    clear = sm4.decrypt(unb64(sealed.ct), plaintextKey, {
      mode: 'gcm',
      iv,
      associatedData: new Uint8Array(data),
      tag: unb64(sealed.tag),
      output: 'array',
    });
  } catch {
    throw new Error(`The sealed ${context.field} does not open here`);
  }
  return Buffer.from(clear).toString('utf8');
};

/** The kinds of personal value, each normalised and masked its own way. */
export type PersonalKind = 'id-number' | 'mobile' | 'text';

/** The form a value is compared in: ID numbers upper-case (the check character X), no spaces anywhere. */
export const normalise = (kind: PersonalKind, value: string) => {
  const trimmed = value.normalize('NFKC').trim();
  if (kind === 'id-number') return trimmed.replace(/\s+/g, '').toUpperCase();
  if (kind === 'mobile') return trimmed.replace(/[\s-]+/g, '').replace(/^\+86/, '');
  return trimmed;
};

/**
 * Masks, one rule per kind, the same wherever a value is shown: an ID number (or credit code) keeps its
 * first four and last four characters (province and city, and the check digits a person recognises), as
 * the licence verification page already shows a holder; a mobile number its first three and last four
 * (`139****7766`), as carriers and banks print them; other text only its first character.
 */
export const mask = (kind: PersonalKind, value: string) => {
  const v = normalise(kind, value);
  if (kind === 'id-number')
    return v.length > 8 ? `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}` : '****';
  if (kind === 'mobile') return v.length === 11 ? `${v.slice(0, 3)}****${v.slice(-4)}` : '****';
  const chars = [...v];
  return chars.length > 1 ? `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 8))}` : '*';
};

/**
 * The blind index of a value: a keyed MAC of its normalised form (HMAC-SM3 with SM4, HMAC-SHA-256 with AES)
 * under a secret only KMS can release, prefixed by the kind so an ID number and a mobile never collide.
 * Equal values give equal indexes; without the secret, an index says nothing about the (small, guessable)
 * space of identity numbers — unlike a plain hash.
 */
export const blindIndex = (alg: SealAlgorithm, secret: Uint8Array, kind: PersonalKind, value: string) => {
  if (secret.length < 32) throw new Error('The blind-index secret must have at least 32 bytes');
  const message = `${kind}:${normalise(kind, value)}`;
  const mac =
    alg === 'SM4-GCM'
      ? Buffer.from(sm3(message, { key: secret, mode: 'hmac' }), 'hex')
      : createHmac('sha256', secret).update(message, 'utf8').digest();
  return `${alg === 'SM4-GCM' ? 's3' : 'h2'}.${mac.toString('base64url')}`;
};
