// The KMS client, built once per container (endpoint from AWS_ENDPOINT_URL_KMS when set). Kept apart from
// the other clients so a function bundles only the clients it uses: the seals' signers and the token key.
import { createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, type SigningAlgorithmSpec } from '@aws-sdk/client-kms';

let kmsClient: KMSClient | undefined;

export const kms = () => {
  kmsClient ??= new KMSClient({});
  return kmsClient;
};

/** What a signing key must be; anything else is a misconfigured stack and fails loudly. */
export interface SigningKeySpec {
  KeySpec: string;
  KeyUsage: 'SIGN_VERIFY';
  SigningAlgorithm: string;
}

/** The SubjectPublicKeyInfo (DER) and ARN of the key `id` names, checked against `expected`. */
export const readPublicKeyDer = async (client: KMSClient, id: string, expected: SigningKeySpec) => {
  const out = await client.send(new GetPublicKeyCommand({ KeyId: id }));
  if (
    out.KeySpec !== expected.KeySpec ||
    out.KeyUsage !== expected.KeyUsage ||
    !out.SigningAlgorithms?.includes(expected.SigningAlgorithm as SigningAlgorithmSpec) ||
    !out.PublicKey ||
    !out.KeyId
  ) {
    throw new Error(
      `KMS key ${id} is not an ${expected.KeySpec} ${expected.KeyUsage} key with ${expected.SigningAlgorithm}`,
    );
  }
  return { keyArn: out.KeyId, spki: new Uint8Array(out.PublicKey) };
};

/** The public key (as a Node key object) and ARN of the key `id` names, checked against `expected`. */
export const readPublicKey = async (client: KMSClient, id: string, expected: SigningKeySpec) => {
  const { keyArn, spki } = await readPublicKeyDer(client, id, expected);
  return { keyArn, publicKey: createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }) };
};
