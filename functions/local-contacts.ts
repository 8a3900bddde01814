/**
 * SearchContacts and DescribeContact alone on this machine, on the folder a `replay
 * --data-dir` or a stopped `serve --data-dir` kept its data in (`connect-rules
 * contacts --data-dir`): DynamoDB Local on that folder, the two tables the contacts
 * are read from (an index an older version lacked added, and the contacts stored
 * before put in it), and the contact routes on a free loopback port. None of the
 * rules API, actions or pipeline `serve` starts: they would only cost time here.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ensureTablesIndexed } from '../engine/contacts/reindex.ts';
import { localObjectReader } from '../engine/ingest/object-reader.ts';
import { rulesConfigFromEnv } from '../engine/rules/config.ts';
import { openDynamoDb } from '../storage/local-dynamodb.ts';
import { contactsApi, contactsService } from './contacts-api.ts';
import { createHttpApiServer, listen } from './http-adapter.ts';
import { localRequestGuard } from './local-request-guard.ts';
import { createConnectApi } from './http/connect-api.ts';

export interface LocalContactsApi {
  readonly url: string;
  /** The region of the contact ARNs (AWS_REGION, as serve's). */
  readonly region: string;
  /** What the start did to the user's data that they should know (an index added to an older table). */
  readonly notices: readonly string[];
  /** Stops the server and the DynamoDB Local. */
  close(): Promise<void>;
}

export async function startLocalContactsApi(dataDir: string): Promise<LocalContactsApi> {
  const { region, accountId, maxRequestBytes } = rulesConfigFromEnv(process.env);
  const db = await openDynamoDb({ dataDir }, region);
  try {
    const notices = await ensureTablesIndexed(db.client, ['pipelineState', 'contacts']);
    const handler = createConnectApi({
      name: 'contacts API',
      apis: [contactsApi(contactsService({ dynamoDb: db.client, reader: localObjectReader(), region, accountId }))],
      accountId,
      logger: new Logger({ serviceName: 'connect-rules-contacts-api', logLevel: 'SILENT' }),
    });
    const running = await listen(createHttpApiServer(handler, { maxRequestBytes, accountId, region, refuse: localRequestGuard({ server: 'contacts', host: '127.0.0.1' }) }), 0, '127.0.0.1');
    return {
      url: running.url,
      region,
      notices,
      close: async () => {
        await running.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
