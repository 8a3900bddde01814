/**
 * What API Gateway hands a Lambda handler of the HTTP APIs: a payload v2 event and
 * a Lambda context, for the handler tests.
 */
import type { HttpApiEvent } from '../../functions/http/event.ts';

/** A SigV4 Authorization header signed with access key `accessKeyId` (not checked by the handlers). */
export const sigV4 = (accessKeyId: string) =>
  `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20250101/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=abc`;

/** `method rawPath` on the `$default` route and stage, signed by AKIDUNIT, request id `api-req-1`. */
export function httpApiEvent(method: string, rawPath: string, extra: Partial<HttpApiEvent> = {}): HttpApiEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers: { authorization: sigV4('AKIDUNIT') },
    requestContext: { accountId: '111122223333', requestId: 'api-req-1', stage: '$default', http: { method, path: rawPath } },
    isBase64Encoded: false,
    ...extra,
  };
}

/** The Lambda context of function `functionName` in 111122223333, us-east-1. */
export function lambdaContext(functionName: string, awsRequestId = 'lambda-req-1') {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:111122223333:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: 'g',
    logStreamName: 's',
    getRemainingTimeInMillis: () => 10_000,
  };
}
