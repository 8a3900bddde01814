/**
 * What the CLI's Connect client signs for: Connect, or API Gateway when --endpoint is
 * the deployed stack's HTTP API (IAM authorization checks an `execute-api` signature).
 */
import { DescribeContactCommand } from '@aws-sdk/client-connect';
import { describe, expect, it } from 'vitest';
import { connectClientFor, isApiGatewayEndpoint } from './connect.ts';

/** The `Credential=` of the Authorization header the client for `options` (and `env`) sends: key id, date, scope. */
async function credentialOf(options: Parameters<typeof connectClientFor>[0], env?: NodeJS.ProcessEnv): Promise<string> {
  const client = connectClientFor(options, env);
  let authorization = '';
  (client.config as { requestHandler: unknown }).requestHandler = {
    handle: async (request: { headers: Record<string, string> }) => {
      authorization = request.headers.authorization ?? '';
      throw new Error('not sent');
    },
  };
  try {
    // Through the client's own middleware (signing included), not `client.send`: unit files share workers, and
    // another file's aws-sdk-client-mock of ConnectClient replaces `send` while it is active.
    const command = new DescribeContactCommand({ InstanceId: 'i', ContactId: 'c' });
    const handler = command.resolveMiddleware(client.middlewareStack as never, client.config, {});
    await handler({ input: command.input }).catch(() => undefined);
  } finally {
    client.destroy();
  }
  return /Credential=([^,]+),/.exec(authorization)?.[1] ?? authorization;
}

/** The credential scope the client sends to `endpoint`, with keys in the environment. */
async function scopeFor(endpoint: string | undefined): Promise<string> {
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  try {
    const credential = await credentialOf({ region: 'eu-west-2', ...(endpoint ? { endpoint } : {}) });
    return /^AKIDTEST\/\d{8}\/(.+)$/.exec(credential)?.[1] ?? credential;
  } finally {
    for (const [key, value] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe('connectClientFor', () => {
  it('signs for API Gateway when --endpoint is an HTTP API URL, for Connect otherwise', async () => {
    expect(await scopeFor('https://a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com')).toBe('eu-west-2/execute-api/aws4_request');
    expect(await scopeFor('http://127.0.0.1:8080')).toBe('eu-west-2/connect/aws4_request');
    expect(await scopeFor(undefined)).toBe('eu-west-2/connect/aws4_request');
  });

  it('signs with the dummy keys in us-east-1 for a server on another host too (`push --endpoint http://serve:3000`), as DynamoDB there', async () => {
    expect(await credentialOf({ endpoint: 'http://serve:3000' }, {})).toMatch(/^local\/\d{8}\/us-east-1\/connect\/aws4_request$/);
  });

  it('recognises the default endpoints of API Gateway only', () => {
    expect(isApiGatewayEndpoint('https://a1b2c3d4e5.execute-api.cn-north-1.amazonaws.com.cn/')).toBe(true);
    expect(isApiGatewayEndpoint('https://connect.eu-west-2.amazonaws.com')).toBe(false);
    expect(isApiGatewayEndpoint('https://execute-api.example.com')).toBe(false);
    expect(isApiGatewayEndpoint('not a url')).toBe(false);
  });
});
