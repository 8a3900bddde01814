import { describe, expect, it } from 'vitest';
import { UserError } from '../grammar/errors.ts';
import { clientEndpointFromEnv, clientSettings, endpointFromEnv, InvalidEndpointError, isAwsEndpoint } from './endpoints.ts';
import { dynamoDbClientFromEnv } from './dynamodb-client.ts';

describe('endpointFromEnv', () => {
  it('takes the SDK service variable first, then the SDK global one, then the old name', () => {
    const all = { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:1', AWS_ENDPOINT_URL: 'http://127.0.0.1:2', DYNAMODB_ENDPOINT: 'http://127.0.0.1:3' };
    expect(endpointFromEnv('DYNAMODB', all)).toBe('http://127.0.0.1:1');
    expect(endpointFromEnv('DYNAMODB', { ...all, AWS_ENDPOINT_URL_DYNAMODB: '' })).toBe('http://127.0.0.1:2');
    expect(endpointFromEnv('DYNAMODB', { DYNAMODB_ENDPOINT: 'http://127.0.0.1:3' })).toBe('http://127.0.0.1:3');
    expect(endpointFromEnv('S3', { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4', S3_ENDPOINT: 'http://127.0.0.1:5' })).toBe('http://127.0.0.1:4');
    expect(endpointFromEnv('S3', { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:1' })).toBeUndefined();
  });
});

describe('clientSettings', () => {
  const endpoint = 'http://127.0.0.1:8000';
  it('gives an endpoint that is not AWS\'s own a region and dummy keys when the user configured none', () => {
    expect(clientSettings({ endpoint }, {})).toEqual({ region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, endpoint });
    expect(clientSettings({ endpoint, region: 'eu-west-2' }, { AWS_ACCESS_KEY_ID: 'AKID' })).toEqual({ region: 'eu-west-2', endpoint });
    expect(clientSettings({ endpoint }, { AWS_REGION: 'eu-west-2' })).toEqual({ credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, endpoint });
    // Another host is local too (a container's name, `push --endpoint http://serve:3000`): the same rule for every client.
    expect(clientSettings({ endpoint: 'http://serve:3000' }, {})).toEqual({ region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, endpoint: 'http://serve:3000' });
  });

  it('leaves a named profile and a signed endpoint to the default chain', () => {
    expect(clientSettings({ endpoint, profile: 'dev' }, {})).toEqual({ profile: 'dev', endpoint });
    expect(clientSettings({ endpoint }, { AWS_PROFILE: 'dev' })).toEqual({ endpoint });
    expect(clientSettings({ endpoint: 'https://dynamodb.eu-west-2.amazonaws.com' }, {})).toEqual({ endpoint: 'https://dynamodb.eu-west-2.amazonaws.com' });
    expect(clientSettings({}, {})).toEqual({});
    expect(() => clientSettings({ endpoint: '127.0.0.1:8000' }, {})).toThrow(InvalidEndpointError);
  });
});

describe('isAwsEndpoint', () => {
  it("tells AWS's own endpoints from local and self-hosted ones, and refuses what is not a URL", () => {
    expect(isAwsEndpoint('https://dynamodb.cn-north-1.amazonaws.com.cn')).toBe(true);
    expect(isAwsEndpoint('http://dynamodb-local:8000')).toBe(false);
    expect(() => isAwsEndpoint('127.0.0.1:8000')).toThrow(InvalidEndpointError);
    // Parsed by URL as scheme `localhost:`, and named as invalid by the message itself.
    expect(() => isAwsEndpoint('localhost:8000')).toThrow(InvalidEndpointError);
    expect(() => isAwsEndpoint('file:///tmp/x')).toThrow(InvalidEndpointError);
    expect(isAwsEndpoint('http://fakeamazonaws.com:8000')).toBe(false);
  });

  it('refuses with a UserError, the one base every front end catches (storage is below grammar, yet in its hierarchy)', () => {
    expect(() => isAwsEndpoint('127.0.0.1:8000')).toThrow(UserError);
    expect(() => isAwsEndpoint('127.0.0.1:8000')).toThrow(expect.objectContaining({ name: 'InvalidEndpointError' }));
  });
});

describe('an endpoint from the environment that is no URL', () => {
  it('is refused before a client is made, naming the variable it came from', () => {
    expect(() => dynamoDbClientFromEnv('us-east-1', { AWS_ENDPOINT_URL_DYNAMODB: 'localhost:8000' })).toThrow(
      new InvalidEndpointError('localhost:8000', 'AWS_ENDPOINT_URL_DYNAMODB'),
    );
    expect(() => dynamoDbClientFromEnv('us-east-1', { AWS_ENDPOINT_URL_DYNAMODB: 'localhost:8000' })).toThrow(
      "AWS_ENDPOINT_URL_DYNAMODB must be a URL such as http://127.0.0.1:8000, got 'localhost:8000'",
    );
    expect(() => clientEndpointFromEnv('S3', { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', S3_ENDPOINT: 'nope' })).not.toThrow();
    expect(() => clientEndpointFromEnv('S3', { S3_ENDPOINT: '127.0.0.1:9000' })).toThrow("S3_ENDPOINT must be a URL such as http://127.0.0.1:8000, got '127.0.0.1:9000'");
    expect(clientEndpointFromEnv('DYNAMODB', {})).toBeUndefined();
  });
});
