/**
 * The one way the project makes a DynamoDB client: the Lambda functions (endpoint from
 * the environment), `serve`, `replay`, `outbox` and `contacts reindex` (the flags).
 * Any endpoint that is not AWS's own is taken as a DynamoDB Local or a compatible
 * server: `clientSettings` gives it dummy credentials and a region when the user
 * configured none.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { clientEndpointFromEnv, clientSettings, type Connection } from './endpoints.ts';

export function dynamoDbClient(connection: Connection, env: NodeJS.ProcessEnv = process.env): DynamoDBClient {
  return new DynamoDBClient(clientSettings(connection, env));
}

/** A deployed function's client: its region, and the endpoint `AWS_ENDPOINT_URL_DYNAMODB` (or an older name) names, for local runs. */
export function dynamoDbClientFromEnv(region: string, env: NodeJS.ProcessEnv = process.env): DynamoDBClient {
  const endpoint = clientEndpointFromEnv('DYNAMODB', env);
  return dynamoDbClient({ region, ...(endpoint ? { endpoint } : {}) }, env);
}
