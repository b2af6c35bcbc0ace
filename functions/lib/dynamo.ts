// The DynamoDB document client, built once per container. Its endpoint comes from AWS_ENDPOINT_URL_DYNAMODB
// when set (the local cloud) and from the Lambda environment otherwise; nothing here knows which.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let documentClient: DynamoDBDocumentClient | undefined;

export const dynamo = () => {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
};
