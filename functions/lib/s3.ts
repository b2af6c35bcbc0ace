// The S3 client, built once per container (endpoint from AWS_ENDPOINT_URL_S3 when set). Kept apart from
// the DynamoDB client so a function bundles only the clients it uses.
import { S3Client } from '@aws-sdk/client-s3';

let s3Client: S3Client | undefined;

export const s3 = () => {
  s3Client ??= new S3Client({});
  return s3Client;
};
