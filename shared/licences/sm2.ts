// SM2 signatures and SM3 digests (GB/T 32918, GB/T 32905), as the 电子印章 electronic seal uses them.
//
// An SM2 signature (SM2DSA) is over e = SM3(ZA ‖ M), where ZA = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA)
// binds the signer's public key and a distinguishing ID — by convention `1234567812345678` (GM/T 0009).
// Signatures are DER SEQUENCE { r, s }, as AWS KMS returns them and OpenSSL reads them. The curve arithmetic
// is sm-crypto-v2's (on @noble/curves); this module only fixes how it is called — bytes in, bytes out, the
// conventional ID, range checks on r and s — so no caller can sign plain ECDSA on the SM2 curve by mistake.
import { sm2 as sm2Lib, sm3 as sm3Hex } from 'sm-crypto-v2';

/** The conventional distinguishing ID (GM/T 0009-2012 §10), what KMS uses for RAW messages. */
export const defaultSm2Id = '1234567812345678';
/** OIDs (GM/T 0006): the SM2 curve, SM3, and the SM2-with-SM3 signature algorithm. */
export const sm2CurveOid = '1.2.156.10197.1.301';
export const sm3Oid = '1.2.156.10197.1.401';
export const sm2WithSm3Oid = '1.2.156.10197.1.501';
export const ecPublicKeyOid = '1.2.840.10045.2.1';

/** The curve order n (GB/T 32918.5): r and s of a valid signature lie in [1, n − 1]. */
const order = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

const toHex = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
const fromHex = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));

/** SM3 of `data` (32 bytes). */
export const sm3 = (data: Uint8Array): Uint8Array => fromHex(sm3Hex(data));

/** An uncompressed SM2 public key: 0x04 ‖ x ‖ y, 65 bytes. */
export type Sm2PublicKey = Uint8Array;

const publicKeyHex = (publicKey: Sm2PublicKey) => {
  if (publicKey.length !== 65 || publicKey[0] !== 4)
    throw new Error('An SM2 public key is 65 bytes, 0x04 ‖ x ‖ y');
  const hex = toHex(publicKey);
  if (!sm2Lib.verifyPublicKey(hex)) throw new Error('The SM2 public key is not a point on the curve');
  return hex;
};

/** ZA for `publicKey` and distinguishing ID `id` (GB/T 32918.2 §5.5). */
export const sm2Za = (publicKey: Sm2PublicKey, id = defaultSm2Id): Uint8Array =>
  new Uint8Array(sm2Lib.getZ(publicKeyHex(publicKey), id));

/** e = SM3(ZA ‖ M): what an SM2 signature signs, and what KMS takes as MessageType DIGEST. */
export const sm2Digest = (publicKey: Sm2PublicKey, message: Uint8Array, id = defaultSm2Id): Uint8Array => {
  const za = sm2Za(publicKey, id);
  const joined = new Uint8Array(za.length + message.length);
  joined.set(za);
  joined.set(message, za.length);
  return sm3(joined);
};

/** A new key pair: the private scalar (32 bytes) and its public key. */
export const sm2KeyPair = (): { privateKey: Uint8Array; publicKey: Sm2PublicKey } => {
  const { privateKey, publicKey } = sm2Lib.generateKeyPairHex();
  return { privateKey: fromHex(privateKey.padStart(64, '0')), publicKey: fromHex(publicKey) };
};

export const sm2PublicKeyOf = (privateKey: Uint8Array): Sm2PublicKey =>
  fromHex(sm2Lib.getPublicKeyFromPrivateKey(toHex(privateKey)));

/** DER signature of the 32-byte digest e (already SM3(ZA ‖ M)). */
export const sm2SignDigest = (privateKey: Uint8Array, digest: Uint8Array): Uint8Array => {
  if (digest.length !== 32) throw new Error('An SM2 digest is 32 bytes');
  return fromHex(sm2Lib.doSignature(digest, toHex(privateKey), { der: true, hash: false }));
};

/** DER signature of `message` (ZA with `id` computed here). */
export const sm2Sign = (privateKey: Uint8Array, message: Uint8Array, id = defaultSm2Id): Uint8Array =>
  sm2SignDigest(privateKey, sm2Digest(sm2PublicKeyOf(privateKey), message, id));

/** (r, s) of a DER signature, or undefined when it is not one with both in range. */
const rs = (signature: Uint8Array): { r: bigint; s: bigint } | undefined => {
  // SEQUENCE { INTEGER r, INTEGER s }, short lengths only (an SM2 signature is at most 72 bytes).
  const readInt = (at: number): [bigint, number] | undefined => {
    if (signature[at] !== 0x02) return undefined;
    const length = signature[at + 1] ?? 0;
    if (length < 1 || length > 33 || at + 2 + length > signature.length) return undefined;
    const bytes = signature.subarray(at + 2, at + 2 + length);
    if ((bytes[0] ?? 0) & 0x80) return undefined; // negative
    if (length > 1 && bytes[0] === 0 && !((bytes[1] ?? 0) & 0x80)) return undefined; // not minimal
    return [BigInt(`0x${toHex(bytes)}`), at + 2 + length];
  };
  if (signature[0] !== 0x30 || signature[1] !== signature.length - 2) return undefined;
  const r = readInt(2);
  if (!r) return undefined;
  const s = readInt(r[1]);
  if (!s || s[1] !== signature.length) return undefined;
  if (r[0] < 1n || r[0] >= order || s[0] < 1n || s[0] >= order) return undefined;
  return { r: r[0], s: s[0] };
};

/** Whether DER `signature` is `publicKey`'s SM2 signature of the digest e. */
export const sm2VerifyDigest = (
  publicKey: Sm2PublicKey,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean => {
  if (digest.length !== 32 || !rs(signature)) return false;
  try {
    return sm2Lib.doVerifySignature(digest, toHex(signature), publicKeyHex(publicKey), {
      der: true,
      hash: false,
    });
  } catch {
    return false;
  }
};

/** Whether DER `signature` is `publicKey`'s SM2 signature of `message` under distinguishing ID `id`. */
export const sm2Verify = (
  publicKey: Sm2PublicKey,
  message: Uint8Array,
  signature: Uint8Array,
  id = defaultSm2Id,
): boolean => {
  let digest: Uint8Array;
  try {
    digest = sm2Digest(publicKey, message, id);
  } catch {
    return false;
  }
  return sm2VerifyDigest(publicKey, digest, signature);
};
