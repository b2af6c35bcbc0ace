// The 电子印章 electronic seal as a port, and its KMS adapter. The seal is an ECC_NIST_P256 key whose private
// half never leaves KMS; functions reach it by alias (SIGNING_KEY_ID), so renewing the seal — a new key, the
// alias moved — needs no deployment. A signature's `kid` is the RFC 7638 thumbprint of the key that made it,
// which verifiers use to pick the key from the published set (old keys stay there and keep verifying).
import { createHash } from 'node:crypto';
import { type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import {
  assembleJws,
  derToJose,
  encodeSigningInput,
  type JsonWebKey,
  jwkThumbprint,
} from '../../shared/licences/jws.ts';
import { readPublicKey } from '../lib/kms.ts';

export interface SealKey {
  kid: string;
  /** Public, with `kid`, `alg: 'ES256'` and `use: 'sig'`. */
  jwk: JsonWebKey;
}

export interface Signer {
  /** The key the seal signs with now (cached; see createKmsSigner). */
  current(): Promise<SealKey>;
  /** ES256 over the signing input; `kid` names the key that actually signed. */
  sign(signingInput: string): Promise<{ kid: string; signature: Uint8Array /* raw r||s, 64 bytes */ }>;
}

export interface KmsSignerOptions {
  /** How long the public key is trusted before GetPublicKey is asked again; 5 minutes by default. */
  refreshMs?: number;
  now?: () => number;
}

/** KMS signs RAW messages up to this size; longer ones are sent as their SHA-256 digest (same signature). */
const maxRawMessageBytes = 4096;

/** What the seal must be; anything else is a misconfigured stack and fails loudly. */
const expected = {
  KeySpec: 'ECC_NIST_P256',
  KeyUsage: 'SIGN_VERIFY',
  SigningAlgorithm: 'ECDSA_SHA_256',
} as const;

export const createKmsSigner = (kms: KMSClient, keyId: string, options: KmsSignerOptions = {}): Signer => {
  const refreshMs = options.refreshMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  /** Public keys already read, by key ARN: the alias may move back and forth, keys never change. */
  const known = new Map<string, SealKey>();
  let cached: { arn: string; key: SealKey; at: number } | undefined;
  let refreshing: Promise<SealKey> | undefined;

  /** Reads the public key of `id` (the alias, or the ARN a Sign answered with). */
  const load = async (id: string) => {
    const { keyArn, publicKey } = await readPublicKey(kms, id, expected);
    const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
    const kid = jwkThumbprint({ kty, crv, x, y });
    const key: SealKey = { kid, jwk: { kty, crv, x, y, kid, alg: 'ES256', use: 'sig' } };
    known.set(keyArn, key);
    return { arn: keyArn, key };
  };

  const adopt = (arn: string, key: SealKey) => {
    cached = { arn, key, at: now() };
    return key;
  };

  const current = () => {
    if (cached && now() - cached.at < refreshMs) return Promise.resolve(cached.key);
    // One read for all callers of a cold or stale container; a failed read is not cached.
    refreshing ??= load(keyId)
      .then(({ arn, key }) => adopt(arn, key))
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  };

  const sign: Signer['sign'] = async (signingInput) => {
    const message = Buffer.from(signingInput, 'utf8');
    const raw = message.length <= maxRawMessageBytes;
    const out = await kms.send(
      new SignCommand({
        KeyId: keyId,
        Message: raw ? message : createHash('sha256').update(message).digest(),
        MessageType: raw ? 'RAW' : 'DIGEST',
        SigningAlgorithm: expected.SigningAlgorithm,
      }),
    );
    if (!out.Signature || !out.KeyId) throw new Error(`KMS Sign with ${keyId} returned no signature`);
    const signature = derToJose(out.Signature);
    // The alias may have moved since the public key was read: the key that signed is the truth, and
    // becomes the current one.
    if (cached?.arn === out.KeyId) return { kid: cached.key.kid, signature };
    const seen = known.get(out.KeyId);
    const key = seen ? adopt(out.KeyId, seen) : await load(out.KeyId).then((r) => adopt(r.arn, r.key));
    return { kid: key.kid, signature };
  };

  return { current, sign };
};

/**
 * A compact JWS sealed by `signer`, with `alg` and `kid` set in the protected header. Should the seal move
 * to another key between reading its kid and signing, the header would name the wrong key: it is then
 * signed again under the new kid (once; a second move in that instant is an error).
 */
export const signJws = async (
  signer: Signer,
  payload: object | string,
  header: Record<string, unknown> = {},
): Promise<{ jws: string; kid: string }> => {
  // alg and kid are the seal's to set, first in the header as is customary.
  const { alg: _alg, kid: _kid, ...rest } = header;
  let kid = (await signer.current()).kid;
  for (let attempt = 0; attempt < 2; attempt++) {
    const signingInput = encodeSigningInput({ alg: 'ES256', kid, ...rest }, payload);
    const signed = await signer.sign(signingInput);
    if (signed.kid === kid) return { jws: assembleJws(signingInput, signed.signature), kid };
    kid = signed.kid;
  }
  throw new Error('The seal changed keys twice while signing; try again');
};
