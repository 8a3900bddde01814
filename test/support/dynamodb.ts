/**
 * The integration tests' DynamoDB: the run's one DynamoDB Local (started by
 * dynamodb.global.ts) and this test file's own tables on it.
 *
 * Isolation is by table name, not by process: tables.setup.ts gives every test file
 * its own name for every table of storage/tables.ts through the tables' environment
 * variables (RULES_TABLE, ...), so code that reads them (the rules service, the
 * pipeline, `connect-rules replay --endpoint` run as a child process) lands in this
 * file's tables without being told.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { ensureTables, localDynamoDbClient } from '../../storage/local-dynamodb.ts';
import { TABLES, tableName } from '../../storage/tables.ts';

export interface SharedDynamoDb {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** The java process (for the tests of DynamoDB Local's start itself). */
  readonly pid: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDb: SharedDynamoDb;
  }
}

/** The run's DynamoDB Local. Only in the integration project (its globalSetup provides it). */
export function sharedDynamoDb(): SharedDynamoDb {
  const db = inject('dynamoDb');
  if (!db) throw new Error('No shared DynamoDB Local: run this file in the integration project (vitest --project integration)');
  return db;
}

/** A client on the shared DynamoDB Local; the caller destroys it. */
export function dynamoDbClient(): DynamoDBClient {
  return localDynamoDbClient(sharedDynamoDb().endpoint);
}

/** This file's table-name prefix: for tests that name sets of tables themselves (`${tablePrefix()}-crash`). */
export function tablePrefix(): string {
  const prefix = process.env.CONNECT_RULES_TEST_TABLE_PREFIX;
  if (!prefix) throw new Error('No table prefix: run this file in the integration project (its setupFiles set one)');
  return prefix;
}

/** This file's name of each table (the names tables.setup.ts put in the environment). */
export function tableNames<K extends string>(keys: readonly K[] = Object.keys(TABLES) as K[]): Record<K, string> {
  return Object.fromEntries(keys.map((key) => [key, tableName(TABLES[key]!)])) as Record<K, string>;
}

/** Creates this file's tables (all, or the given keys) on the shared DynamoDB Local; returns their names. */
export async function createTables(client: DynamoDBClient, keys: readonly string[] = Object.keys(TABLES)): Promise<Record<string, string>> {
  return ensureTables(client, keys, tableNames(keys));
}

let fresh = 0;
/**
 * New, empty tables for one test (the given keys), named after this file's tables
 * plus a counter: for tests that reuse fixed ids (the fixtures' instance) and need a
 * clean slate each.
 */
export async function freshTables(client: DynamoDBClient, keys: readonly string[]): Promise<Record<string, string>> {
  fresh += 1;
  const names = Object.fromEntries(Object.entries(tableNames(keys)).map(([key, name]) => [key, `${name}-${fresh}`]));
  return ensureTables(client, keys, names);
}

/**
 * Environment naming a fresh set of this file's tables (created by whoever uses
 * them): for a child process (`connect-rules replay --endpoint`) that must not see
 * the items of another run in this file.
 */
export function freshTableEnv(): Record<string, string> {
  fresh += 1;
  return Object.fromEntries(Object.values(TABLES).map((def) => [def.envVar, `${tableName(def)}-${fresh}`]));
}
