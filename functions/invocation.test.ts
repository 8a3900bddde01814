import { describe, expect, it } from 'vitest';
import { accountOfFunctionArn, accountOverride, invocationAccount, lazyHandler } from './invocation.ts';

describe('the account of an invocation', () => {
  it.each([
    ['arn:aws:lambda:eu-west-2:123456789012:function:connect-rules-prod-rulesApi', '123456789012'],
    ['arn:aws:lambda:eu-west-2:123456789012:function:connect-rules-prod-rulesApi:live', '123456789012'],
    ['arn:aws-us-gov:lambda:us-gov-west-1:210987654321:function:f', '210987654321'],
  ])('%s → %s', (arn, account) => {
    expect(accountOfFunctionArn(arn)).toBe(account);
  });

  it.each([
    ['serverless-offline placeholder', 'offline_invokedFunctionArn_for_connect-rules-local-rulesApi'],
    ['not a Lambda ARN', 'arn:aws:sqs:eu-west-2:123456789012:queue'],
    ['an account of 11 digits', 'arn:aws:lambda:eu-west-2:12345678901:function:f'],
    ['missing', undefined],
  ])('%s: none', (_what, arn) => {
    expect(accountOfFunctionArn(arn)).toBeUndefined();
  });

  it('CONNECT_RULES_ACCOUNT_ID, when set, wins over the ARN; else the ARN; else nothing (the configuration default)', () => {
    const context = { invokedFunctionArn: 'arn:aws:lambda:eu-west-2:123456789012:function:f' };
    expect(invocationAccount(context, { CONNECT_RULES_ACCOUNT_ID: '999988887777' })).toBe('999988887777');
    expect(invocationAccount(context, { CONNECT_RULES_ACCOUNT_ID: ' ' })).toBe('123456789012');
    expect(accountOverride(context, {})).toEqual({ accountId: '123456789012' });
    expect(accountOverride({}, {})).toEqual({});
    expect(accountOverride(undefined, {})).toEqual({});
  });
});

describe('lazyHandler', () => {
  it('builds the handler once, from the first invocation context, and passes every invocation on', async () => {
    const builtWith: unknown[] = [];
    const handler = lazyHandler((context) => {
      builtWith.push(context);
      return async (event: string, _context: unknown) => `handled ${event}`;
    });
    expect(builtWith).toEqual([]);
    const first = { invokedFunctionArn: 'arn:aws:lambda:eu-west-2:123456789012:function:f' };
    expect(await handler('a' as never, first as never)).toBe('handled a');
    expect(await handler('b' as never, {} as never)).toBe('handled b');
    expect(builtWith).toEqual([first]);
  });
});
