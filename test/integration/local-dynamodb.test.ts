/**
 * Starting DynamoDB Local when another instance is already there (the run's shared
 * one, started by storage/local-dynamodb.ts like any other): a start whose port another
 * instance holds must fail (and be retried elsewhere), never quietly share the other
 * instance's database.
 */
import { describe, expect, it } from 'vitest';
import { holdsListeningPort, LocalDynamoDbStartError, READY_LIMITS, startLocalDynamoDb } from '../../storage/local-dynamodb.ts';
import { sharedDynamoDb } from '../support/dynamodb.ts';

const first = sharedDynamoDb();

describe('DynamoDB Local ownership of its port', () => {
  it('the started java holds the listening socket of its port; this process does not', async () => {
    expect(await holdsListeningPort(first.pid, first.port)).toBe(true);
    expect(await holdsListeningPort(process.pid, first.port)).toBe(false);
    expect(await holdsListeningPort(2 ** 22 + 12345, first.port)).toBe(false); // no such process
  });

  it('a start on a port another instance serves fails instead of answering with that instance', async () => {
    const second = startLocalDynamoDb({ port: first.port });
    await expect(second).rejects.toBeInstanceOf(LocalDynamoDbStartError);
    // The first instance is untouched.
    expect(await holdsListeningPort(first.pid, first.port)).toBe(true);
  }, READY_LIMITS.wallMs); // the second JVM must start to find the port taken: 30 s of wall time was not enough at load 20
});
