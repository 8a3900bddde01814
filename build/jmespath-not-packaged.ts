/**
 * What the Lambda bundles hold in place of `@aws-lambda-powertools/jmespath`
 * (build/powertools-jmespath.ts). Powertools idempotency imports it for
 * `eventKeyJmesPath` and `payloadValidationJmesPath`, which engine/pipeline/dedup.ts
 * leaves unset; a configuration that sets one fails here, naming the expression.
 */

/** A JMESPath expression reached code built without a JMESPath engine. */
export class JmesPathNotPackagedError extends Error {
  constructor(readonly expression: unknown) {
    super(
      `Powertools was given the JMESPath expression ${JSON.stringify(expression)}, but the Lambda bundles leave @aws-lambda-powertools/jmespath out ` +
        '(build/powertools-jmespath.ts): key deliveries without JMESPath (engine/pipeline/dedup.ts) or take the plugin out',
    );
    this.name = new.target.name;
  }
}

export function search(expression: unknown): never {
  throw new JmesPathNotPackagedError(expression);
}

/** IdempotencyConfig makes one whether or not an expression is set (and compares its class across configurations). */
export class PowertoolsFunctions {}
