// The Step Functions client, built once per container (endpoint from AWS_ENDPOINT_URL_SFN when set). Kept
// apart from the other clients so a function bundles only the clients it uses.
import { SFNClient } from '@aws-sdk/client-sfn';

let sfnClient: SFNClient | undefined;

export const sfn = () => {
  sfnClient ??= new SFNClient({});
  return sfnClient;
};
