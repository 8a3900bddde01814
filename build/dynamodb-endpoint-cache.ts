/**
 * An esbuild plugin for the Lambda bundles: the DynamoDB client makes an endpoint
 * discovery cache (`@aws-sdk/endpoint-cache`, an LRU cache of mnemonist's) when it is
 * made, but none of its commands reads it any more (they carry no endpoint discovery
 * middleware; DynamoDB's endpoints are the endpoint rules'), so it is 6 KB of every
 * bundle that nothing runs. It becomes build/endpoint-cache-not-packaged.ts, which is
 * made as the real one is and fails naming the cause if it is ever read.
 */
import { standIn } from './stand-in.ts';

/** The module that makes the cache (`resolveEndpointDiscoveryConfig`). */
const ENDPOINT_DISCOVERY = /[\\/]@aws-sdk[\\/]middleware-endpoint-discovery[\\/]dist-es[\\/]resolveEndpointDiscoveryConfig\.js$/;

export const dynamodbEndpointCache = standIn('dynamodb-endpoint-cache', /^@aws-sdk\/endpoint-cache$/, './endpoint-cache-not-packaged.ts', ENDPOINT_DISCOVERY);
