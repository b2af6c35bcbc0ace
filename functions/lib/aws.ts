// AWS SDK v3 clients, built once per container. Endpoints come from the standard AWS_ENDPOINT_URL_<SERVICE>
// variables when set (the local cloud), from the Lambda environment otherwise; nothing here knows which.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let documentClient: DynamoDBDocumentClient | undefined;
let s3Client: S3Client | undefined;

export const dynamo = () => {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
};

export const s3 = () => {
  s3Client ??= new S3Client({});
  return s3Client;
};
