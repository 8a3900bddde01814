/**
 * setupFiles of the integration project, run before each test file: this file's own
 * name for every table, through the tables' environment variables, so files sharing
 * the run's one DynamoDB Local never see each other's items (see dynamodb.ts).
 */
import { TABLES } from '../../storage/tables.ts';

const prefix = `t${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
process.env.CONNECT_RULES_TEST_TABLE_PREFIX = prefix;
for (const def of Object.values(TABLES)) process.env[def.envVar] = `${prefix}-${def.key}`;
