/**
 * The DynamoDB Local launcher's error when Java is missing (no java is started).
 */
import { describe, expect, it } from 'vitest';
import { JavaNotFoundError, startLocalDynamoDb } from './local-dynamodb.ts';

describe('storage/local-dynamodb', () => {
  it('without java: a JavaNotFoundError that explains --endpoint', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent-for-test';
    try {
      const err = await startLocalDynamoDb({ readyLimits: { wallMs: 5_000 } }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(JavaNotFoundError);
      expect((err as Error).message).toContain('`java` was not found');
      expect((err as Error).message).toContain('--endpoint');
    } finally {
      process.env.PATH = path;
    }
  });
});
