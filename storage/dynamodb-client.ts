/**
 * The one way the project makes a DynamoDB client: the Lambda functions (endpoint from
 * the environment), `serve`, `replay`, `outbox` and `contacts reindex` (the flags).
 * Any endpoint that is not AWS's own is taken as a DynamoDB Local or a compatible
 * server (a container's host name too), which checks no signature: it gets the dummy
 * credentials and region of `clientSettings` when the user configured none.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { clientSettings, endpointFromEnv, isAwsEndpoint, type Connection } from './endpoints.ts';

export function dynamoDbClient(connection: Connection, env: NodeJS.ProcessEnv = process.env): DynamoDBClient {
  const unsigned = connection.endpoint !== undefined && !isAwsEndpoint(connection.endpoint);
  return new DynamoDBClient(clientSettings(connection, unsigned, env));
}

/** A deployed function's client: its region, and the endpoint `AWS_ENDPOINT_URL_DYNAMODB` (or an older name) names, for local runs. */
export function dynamoDbClientFromEnv(region: string, env: NodeJS.ProcessEnv = process.env): DynamoDBClient {
  const endpoint = endpointFromEnv('DYNAMODB', env);
  return dynamoDbClient({ region, ...(endpoint ? { endpoint } : {}) }, env);
}
