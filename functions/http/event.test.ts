/**
 * Who a request of the HTTP APIs is from (LastUpdatedBy). The handlers are tested
 * on DynamoDB Local: test/integration/rules-api-handler.test.ts and
 * evaluation-api-handler.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { httpApiEvent } from '../../test/support/http-api.ts';
import { callerArn } from './event.ts';

const event = httpApiEvent;

describe('callerArn', () => {
  const base = event('GET', '/rules/i');
  it('prefers the IAM authorizer user ARN, then the SigV4 key, then anonymous', () => {
    expect(callerArn({ ...base, requestContext: { ...base.requestContext, authorizer: { iam: { userArn: 'arn:aws:iam::9:user/bob' } } } }, '1')).toBe(
      'arn:aws:iam::9:user/bob',
    );
    expect(callerArn(base, '123')).toBe('arn:aws:iam::123:user/AKIDUNIT');
    expect(callerArn({ ...base, headers: {} }, '123')).toBe('arn:aws:iam::123:user/anonymous');
    expect(callerArn({ ...base, headers: {}, rawQueryString: 'X-Amz-Credential=AKIDQ%2F2025%2Fus-east-1%2Fconnect%2Faws4_request' }, '1')).toBe(
      'arn:aws:iam::1:user/AKIDQ',
    );
  });
});
