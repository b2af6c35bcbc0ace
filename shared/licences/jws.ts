// Compact JWS (RFC 7515) with ES256, the format of signed 电子证照 e-licences: the electronic seal signs
// `base64url(header) '.' base64url(payload)` and anyone holding the seal's public key can check it offline.
// The signature is raw r||s (RFC 7518 §3.4); KMS and OpenSSL speak DER, hence the converters below.
// `kid` is the RFC 7638 thumbprint of the public key, so a verifier can pick the key without trusting a name.
import { Buffer } from 'node:buffer';
import { createHash, createPublicKey, type JsonWebKey, type KeyObject, verify } from 'node:crypto';

// Node's JWK type (not the DOM's, which this project's `lib` leaves out), re-exported for callers.
export type { JsonWebKey };

/** Bytes of r and of s in a P-256 signature; a raw ES256 signature is twice this. */
const p256ScalarBytes = 32;

const base64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/** Decodes base64url, refusing anything that does not re-encode to the same text: padding, stray
 * characters or non-zero trailing bits would otherwise let two different tokens carry the same bytes. */
const fromBase64url = (text: string): Buffer | undefined => {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `base64url(JSON header) '.' base64url(payload)`; an object payload is sent as JSON, a string as is. */
export const encodeSigningInput = (header: object, payload: object | string): string =>
  `${base64url(JSON.stringify(header))}.${base64url(typeof payload === 'string' ? payload : JSON.stringify(payload))}`;

/** The compact serialisation: the signing input and the base64url signature. */
export const assembleJws = (signingInput: string, signature: Uint8Array): string =>
  `${signingInput}.${base64url(signature)}`;

export interface ParsedJws {
  header: Record<string, unknown>;
  /** The payload parsed when it is a JSON object, else its text. */
  payload: Record<string, unknown> | string;
  /** The first two parts exactly as received: what the signature covers. */
  signingInput: string;
  signature: Uint8Array;
}

/** Splits and decodes a compact JWS; undefined for anything malformed (nothing is verified here). */
export const parseCompactJws = (text: string): ParsedJws | undefined => {
  const parts = text.split('.');
  if (parts.length !== 3) return undefined;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const headerBytes = fromBase64url(headerPart);
  const payloadBytes = fromBase64url(payloadPart);
  const signature = fromBase64url(signaturePart);
  if (!headerBytes || !payloadBytes || !signature || headerBytes.length === 0 || signature.length === 0)
    return undefined;
  let header: unknown;
  try {
    header = JSON.parse(headerBytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isPlainObject(header) || typeof header.alg !== 'string') return undefined;
  // A fatal decoder: a payload that is not UTF-8 is not a licence either.
  let payloadText: string;
  try {
    payloadText = new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes);
  } catch {
    return undefined;
  }
  let payload: Record<string, unknown> | string = payloadText;
  try {
    const parsed: unknown = JSON.parse(payloadText);
    if (isPlainObject(parsed)) payload = parsed;
  } catch {
    // not JSON: the text is the payload
  }
  return {
    header,
    payload,
    signingInput: `${headerPart}.${payloadPart}`,
    signature: new Uint8Array(signature),
  };
};

// Importing a JWK costs more than checking a signature; a jurisdiction has a handful of seal keys, so the
// imported keys are kept (bounded, in case a caller feeds arbitrary keys).
const importedKeys = new Map<string, KeyObject>();
const maxImportedKeys = 64;
const importKey = (jwk: JsonWebKey) => {
  const id = `${jwk.x}.${jwk.y}`;
  let key = importedKeys.get(id);
  if (!key) {
    key = createPublicKey({ key: jwk, format: 'jwk' });
    if (importedKeys.size >= maxImportedKeys) importedKeys.clear();
    importedKeys.set(id, key);
  }
  return key;
};

/** Checks a raw r||s ES256 signature against a public P-256 JWK. False for any bad key or signature. */
export const verifyEs256 = (publicJwk: JsonWebKey, signingInput: string, signature: Uint8Array): boolean => {
  try {
    if (publicJwk.kty !== 'EC' || publicJwk.crv !== 'P-256') return false;
    if (signature.length !== 2 * p256ScalarBytes) return false;
    const key = importKey(publicJwk);
    return verify('sha256', Buffer.from(signingInput, 'utf8'), { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
};

/** The members RFC 7638 §3.2 hashes, per key type, already in lexicographic order. */
const thumbprintMembers: Record<string, readonly string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  RSA: ['e', 'kty', 'n'],
  OKP: ['crv', 'kty', 'x'],
  oct: ['k', 'kty'],
};

/** RFC 7638 JWK thumbprint (SHA-256, base64url) of the public members; used as the seal's `kid`. */
export const jwkThumbprint = (jwk: JsonWebKey): string => {
  const members = jwk.kty ? thumbprintMembers[jwk.kty] : undefined;
  if (!members) throw new TypeError(`No RFC 7638 thumbprint for key type ${String(jwk.kty)}`);
  const fields = jwk as Record<string, unknown>;
  const required: Record<string, string> = {};
  for (const name of members) {
    const value = fields[name];
    if (typeof value !== 'string' || value === '') throw new TypeError(`The JWK has no "${name}" member`);
    required[name] = value;
  }
  // JSON.stringify keeps insertion order and adds no whitespace: exactly the RFC's canonical form.
  return createHash('sha256').update(JSON.stringify(required), 'utf8').digest('base64url');
};

/** Reads one DER length at `at`; only the short form and 0x81 occur for P-256 signatures. */
const readLength = (der: Uint8Array, at: number): { length: number; next: number } => {
  const first = der[at];
  if (first === undefined) throw new RangeError('DER signature truncated');
  if (first < 0x80) return { length: first, next: at + 1 };
  if (first === 0x81) {
    const length = der[at + 1];
    if (length === undefined || length < 0x80) throw new RangeError('DER length not minimally encoded');
    return { length, next: at + 2 };
  }
  throw new RangeError('DER length too long for an ECDSA signature');
};

/** One positive, minimally encoded INTEGER, left-padded to `size` bytes. */
const readInteger = (der: Uint8Array, at: number, size: number) => {
  if (der[at] !== 0x02) throw new RangeError('DER signature: INTEGER expected');
  const { length, next } = readLength(der, at + 1);
  const end = next + length;
  if (length === 0 || end > der.length) throw new RangeError('DER signature truncated');
  let bytes = der.subarray(next, end);
  if ((bytes[0]! & 0x80) !== 0) throw new RangeError('DER signature: negative INTEGER');
  if (bytes[0] === 0 && bytes.length > 1) {
    if ((bytes[1]! & 0x80) === 0) throw new RangeError('DER signature: INTEGER not minimally encoded');
    bytes = bytes.subarray(1);
  }
  if (bytes.length > size) throw new RangeError('DER signature: INTEGER larger than the curve');
  const out = new Uint8Array(size);
  out.set(bytes, size - bytes.length);
  return { value: out, next: end };
};

/** ECDSA signature from DER `SEQUENCE { INTEGER r, INTEGER s }` (KMS, OpenSSL) to raw r||s (JOSE). */
export const derToJose = (der: Uint8Array, size = p256ScalarBytes): Uint8Array => {
  if (der[0] !== 0x30) throw new RangeError('DER signature: SEQUENCE expected');
  const { length, next } = readLength(der, 1);
  if (next + length !== der.length) throw new RangeError('DER signature: length does not match');
  const r = readInteger(der, next, size);
  const s = readInteger(der, r.next, size);
  if (s.next !== der.length) throw new RangeError('DER signature: trailing bytes');
  const raw = new Uint8Array(2 * size);
  raw.set(r.value, 0);
  raw.set(s.value, size);
  return raw;
};

const encodeLength = (length: number) => (length < 0x80 ? [length] : [0x81, length]);

const encodeInteger = (bytes: Uint8Array) => {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const magnitude = [...bytes.subarray(start)];
  // DER integers are signed: a leading 1 bit needs a zero byte in front to stay positive.
  if ((magnitude[0]! & 0x80) !== 0) magnitude.unshift(0);
  return [0x02, ...encodeLength(magnitude.length), ...magnitude];
};

/** Raw r||s (JOSE) to the DER form OpenSSL and KMS Verify expect. */
export const joseToDer = (raw: Uint8Array): Uint8Array => {
  if (raw.length === 0 || raw.length % 2 !== 0 || raw.length > 2 * 66)
    throw new RangeError('A raw ECDSA signature is r||s of equal length');
  const half = raw.length / 2;
  const body = [...encodeInteger(raw.subarray(0, half)), ...encodeInteger(raw.subarray(half))];
  return Uint8Array.from([0x30, ...encodeLength(body.length), ...body]);
};
