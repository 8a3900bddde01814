import { describe, expect, it } from 'vitest';
import { endpointFromEnv } from './endpoints.ts';

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
