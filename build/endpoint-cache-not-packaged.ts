/**
 * What the Lambda bundles hold in place of `@aws-sdk/endpoint-cache`, which the
 * DynamoDB client makes and no command of it reads (build/dynamodb-endpoint-cache.ts).
 * Made as the real one is; code that reads it fails here.
 */

/** The endpoint discovery cache was read in a Lambda bundle. */
export class EndpointCacheNotPackagedError extends Error {
  constructor() {
    super("The AWS SDK's endpoint discovery cache was read, but the Lambda bundles leave it out (build/dynamodb-endpoint-cache.ts): take the plugin out to use endpoint discovery");
    this.name = new.target.name;
  }
}

const fail = (): never => {
  throw new EndpointCacheNotPackagedError();
};

export class EndpointCache {
  constructor(_capacity?: number) {}
  getEndpoint = fail;
  get = fail;
  set = fail;
  delete = fail;
  has = fail;
  clear = fail;
}
