// The SM2 seal key in KMS (AWS China Regions: KeySpec SM2, SigningAlgorithm SM2DSA) as an Sm2Signer. A
// TBS_Sign carrying the seal's picture is larger than the 4,096 bytes KMS signs RAW, so the platform computes
// e = SM3(ZA ‖ M) itself (ZA from the key's public point and the conventional ID, as KMS would for RAW) and
// KMS signs that digest (MessageType DIGEST). The public key is read once per container; an SM2 key's
// public half never changes, and a renewed seal is a new key behind the alias, read at the next cold start.
// AWS KMS Developer Guide, "Key spec reference" (SM2: China Regions only) and "Example offline operations —
// Offline verification with SM2 key pairs": https://docs.amazonaws.cn/en_us/kms/latest/developerguide/
// symm-asymm-choose-key-spec.html, https://docs.aws.amazon.com/kms/latest/developerguide/offline-operations.html
import { type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { Sm2Signer } from '../../shared/licences/ofd-seal.ts';
import { type Sm2PublicKey, sm2Digest } from '../../shared/licences/sm2.ts';
import { sm2PublicKeyFromSpki } from '../../shared/licences/sm2-certificates.ts';
import { readPublicKeyDer } from '../lib/kms.ts';

const expected = { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY', SigningAlgorithm: 'SM2DSA' } as const;

export const createKmsSm2Signer = (kms: KMSClient, keyId: string): Sm2Signer => {
  let key: Promise<{ arn: string; publicKey: Sm2PublicKey }> | undefined;
  const load = () => {
    key ??= readPublicKeyDer(kms, keyId, expected)
      .then(({ keyArn, spki }) => ({ arn: keyArn, publicKey: sm2PublicKeyFromSpki(spki) }))
      .catch((error: unknown) => {
        key = undefined; // a failed read is not cached
        throw error;
      });
    return key;
  };
  return {
    publicKey: async () => (await load()).publicKey,
    sign: async (message) => {
      // Sign with the very key whose public point went into ZA, not whatever the alias names by now.
      const { arn, publicKey } = await load();
      const out = await kms.send(
        new SignCommand({
          KeyId: arn,
          Message: sm2Digest(publicKey, message),
          MessageType: 'DIGEST',
          SigningAlgorithm: expected.SigningAlgorithm,
        }),
      );
      if (!out.Signature) throw new Error(`KMS Sign with ${arn} returned no signature`);
      return new Uint8Array(out.Signature);
    },
  };
};
