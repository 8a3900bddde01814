/**
 * globalSetup of the integration project: ONE DynamoDB Local for the whole run,
 * started before any test file and stopped after the last. Test files reach it
 * through `sharedDynamoDb()` (test/support/dynamodb.ts), never by starting their own
 * java: twelve JVMs racing for ports on a 2-core machine cost minutes and flaky CI.
 */
import type { TestProject } from 'vitest/node';
import { startLocalDynamoDb } from '../../storage/local-dynamodb.ts';
import type { SharedDynamoDb } from './dynamodb.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // A JVM on a busy shared machine takes long to answer its first request: it is given up on by its own CPU and progress (READY_LIMITS), not by wall time.
  const db = await startLocalDynamoDb();
  const shared: SharedDynamoDb = { endpoint: db.endpoint, port: db.port, pid: db.pid ?? 0 };
  project.provide('dynamoDb', shared);
  return () => db.stop();
}
