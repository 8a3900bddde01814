/**
 * What a Lambda handler learns from its invocation rather than from its environment.
 *
 * The account: the deployed functions carry no `CONNECT_RULES_ACCOUNT_ID` (a
 * `!Ref AWS::AccountId` only CloudFormation resolves, which left `osls invoke local`
 * stuck); the account is the fifth field of `context.invokedFunctionArn`, "The Amazon
 * Resource Name (ARN) that's used to invoke the function" (Lambda developer guide,
 * "Using the Lambda context object to retrieve Node.js function information").
 * `osls invoke local` gives no ARN and serverless-offline a placeholder
 * (`offline_invokedFunctionArn_for_<fn>`): the configuration's default then applies.
 */

/** The minimal Lambda context read here (the runtime's object has more). */
export interface InvocationContext {
  readonly invokedFunctionArn?: string;
}

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:(\d{12}):function:[^:]+(?::[^:]+)?$/;

/** The account of a Lambda function ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`), or undefined. */
export function accountOfFunctionArn(arn: unknown): string | undefined {
  return typeof arn === 'string' ? LAMBDA_ARN.exec(arn)?.[1] : undefined;
}

/**
 * The account the handler works for: `CONNECT_RULES_ACCOUNT_ID` when set (a local
 * run that names one), else the invoked function's, else undefined (the
 * configuration's default, 111122223333).
 */
export function invocationAccount(context: InvocationContext | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.CONNECT_RULES_ACCOUNT_ID?.trim();
  return fromEnv || accountOfFunctionArn(context?.invokedFunctionArn);
}

/** `{ accountId }` when the invocation names one, else nothing: spread into a configuration's overrides. */
export function accountOverride(context: InvocationContext | undefined, env: NodeJS.ProcessEnv = process.env): { accountId?: string } {
  const accountId = invocationAccount(context, env);
  return accountId ? { accountId } : {};
}

/**
 * A handler built on its first invocation, from that invocation's context (module
 * import has no side effects: tests build their own; the account is known then).
 */
export function lazyHandler<H extends (event: never, context: never) => unknown>(build: (context: InvocationContext | undefined) => H): H {
  let built: H | undefined;
  return ((event: never, context: never) => (built ??= build(context as InvocationContext | undefined))(event, context)) as H;
}
