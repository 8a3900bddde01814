/**
 * The local API is not reachable from a web page (it checks no signature): a real
 * server on the shared DynamoDB Local, requests written as a browser would send
 * them (a "simple" cross-origin POST, a DNS-rebound Host), refused without a write;
 * the real AWS SDK client, which sends JSON to the loopback address, still served.
 */
import { request } from 'node:http';
import { CreateRuleCommand, ListRulesCommand, type ConnectClient } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRulesApi, type LocalRulesApi } from '../../functions/local-server.ts';
import { sharedDynamoDb } from '../support/dynamodb.ts';
import { connectClient, newInstanceId, realTimeRule, silentLogger } from '../support/rules-api.ts';

let api: LocalRulesApi;
let client: ConnectClient;

beforeAll(async () => {
  api = await startLocalRulesApi({ port: 0, dynamoDbEndpoint: sharedDynamoDb().endpoint, logger: silentLogger(), allowedHosts: ['rules.dev.test'] });
  client = connectClient(api.url);
});

afterAll(async () => {
  client?.destroy();
  await api?.close();
});

interface Answer {
  status: number;
  errorType: string | undefined;
  message: string;
}

/** One raw HTTP request with exactly these headers (node:http: fetch would not send a Host of our choosing). */
function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: api.port, method, path, headers, setHost: false }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, errorType: res.headers['x-amzn-errortype'] as string | undefined, message: text ? (JSON.parse(text) as { Message: string }).Message : '' }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const names = async (instanceId: string) => ((await client.send(new ListRulesCommand({ InstanceId: instanceId }))).RuleSummaryList ?? []).map((r) => r.Name);

describe('serve refuses what a web page can send', () => {
  it('a text/plain, form or multipart POST (no preflight in a browser) is 415 and creates nothing; JSON is served', async () => {
    const instanceId = newInstanceId();
    const host = `127.0.0.1:${api.port}`;
    const body = JSON.stringify(realTimeRule(instanceId, 'FROM_A_WEB_PAGE'));
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
      const answer = await send('POST', `/rules/${instanceId}`, { host, ...(type ? { 'content-type': type } : {}) }, body);
      expect([answer.status, answer.errorType], String(type)).toEqual([415, 'UnsupportedMediaTypeException']);
      expect(answer.message).toContain(`Content-Type '${type ?? ''}' is not accepted`);
    }
    expect(await names(instanceId)).toEqual([]);
    const json = await send('POST', `/rules/${instanceId}`, { host, 'content-type': 'application/json; charset=utf-8' }, body);
    expect(json.status, json.message).toBe(200);
    expect(await names(instanceId)).toEqual(['FROM_A_WEB_PAGE']);
  });

  it('a request naming another Host (DNS rebinding) or sent from a web page (Origin) is 403', async () => {
    const instanceId = newInstanceId();
    const json = { 'content-type': 'application/json' };
    const body = JSON.stringify(realTimeRule(instanceId, 'REBOUND'));
    for (const host of [`attacker.example:${api.port}`, 'attacker.example', `127.0.0.1:${api.port + 1}`]) {
      const answer = await send('POST', `/rules/${instanceId}`, { host, ...json }, body);
      expect([answer.status, answer.errorType], host).toEqual([403, 'AccessDeniedException']);
      expect(answer.message).toContain(`Host '${host}' does not name this server`);
    }
    for (const origin of ['http://evil.example', 'null']) {
      const answer = await send('POST', `/rules/${instanceId}`, { host: `localhost:${api.port}`, origin, ...json }, body);
      expect([answer.status, answer.errorType], origin).toEqual([403, 'AccessDeniedException']);
      expect(answer.message).toContain(`Origin '${origin}'`);
    }
    expect(await names(instanceId)).toEqual([]);
    // The loopback names and a host name the developer allowed are served.
    for (const host of [`localhost:${api.port}`, `[::1]:${api.port}`, `rules.dev.test:${api.port}`]) {
      expect((await send('GET', `/rules/${instanceId}`, { host })).status, host).toBe(200);
    }
  });

  it('the AWS SDK client is served', async () => {
    const instanceId = newInstanceId();
    await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'BY_THE_SDK')));
    expect(await names(instanceId)).toEqual(['BY_THE_SDK']);
  });
});
