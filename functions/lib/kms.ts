// The KMS client, built once per container (endpoint from AWS_ENDPOINT_URL_KMS when set). Kept apart from
// the other clients so a function bundles only the clients it uses; only the seal's signer uses it.
import { KMSClient } from '@aws-sdk/client-kms';

let kmsClient: KMSClient | undefined;

export const kms = () => {
  kmsClient ??= new KMSClient({});
  return kmsClient;
};
