/**
 * The rules API on this machine: the Lambda handler behind node:http, on an
 * embedded DynamoDB Local (started here) or any DynamoDB endpoint. Used by
 * `connect-rules serve` and the integration tests.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { UserError } from '../grammar/errors.ts';
import { rulesConfigFromEnv, type RulesConfig } from '../engine/rules/config.ts';
import { ensureTablesIndexed } from '../engine/contacts/reindex.ts';
import { createRulesService } from '../engine/rules/factory.ts';
import type { RulesService } from '../engine/rules/service.ts';
import type { RulesStore } from '../engine/rules/store.ts';
import type { FunctionChecker } from '../engine/rules/validate-request.ts';
import { isLoopbackHost } from '../storage/endpoints.ts';
import { openDynamoDb, type LocalDynamoDb } from '../storage/local-dynamodb.ts';
import { ACTION_TABLE_KEYS } from '../storage/action-tables.ts';
import { readUsersFileAt } from '../engine/actions/local/users.ts';
import { createHttpApiServer, listen, type ServerLimits } from './http-adapter.ts';
import { localRequestGuard } from './local-request-guard.ts';
import { rulesApi } from './rules-api.ts';
import { processorDispatcher, startLocalActions, type LocalActions } from './actions-local.ts';
import { createConnectApi } from './http/connect-api.ts';
import { contactsApi, contactsService } from './contacts-api.ts';

export interface LocalRulesApiOptions {
  /** HTTP port (0: any free port). Default 0. */
  readonly port?: number;
  /**
   * Default 127.0.0.1. Requests are not authenticated (no SigV4 check), so only a
   * loopback address is accepted unless `allowRemote`.
   */
  readonly host?: string;
  readonly allowRemote?: boolean;
  /** Host names (besides loopback ones and `host`) the Host header of a request may give. */
  readonly allowedHosts?: readonly string[];
  /** Bounds on connections (functions/http-adapter.ts SERVER_LIMITS). */
  readonly limits?: Partial<ServerLimits>;
  /** DynamoDB endpoint; without it an embedded DynamoDB Local is started (needs Java). */
  readonly dynamoDbEndpoint?: string;
  /** The embedded DynamoDB Local's port (default a free one). */
  readonly dynamoDbPort?: number;
  /** A folder the embedded DynamoDB Local keeps its data in, so it survives a restart (default in memory). */
  readonly dataDir?: string;
  readonly config?: Partial<RulesConfig>;
  readonly logger?: Logger;
  readonly checkFunction?: FunctionChecker;
  /** A ready DynamoDB client (tests: a mocked one); overrides `dynamoDbEndpoint`. */
  readonly dynamoDb?: DynamoDBClient;
  /** Create the tables when missing (default true). */
  readonly createTables?: boolean;
  /** A users seed file for notification recipients (examples/users.json). */
  readonly usersFile?: string;
  /** The folder of S3 objects (`<dir>/<bucket>/<key>`) the `local` stage stored references to; default `CONNECT_RULES_S3_DIR`. */
  readonly objectsDir?: string;
}

export interface LocalRulesApi {
  readonly url: string;
  readonly port: number;
  /** `embedded` or the endpoint given. */
  readonly dynamoDbLabel: string;
  readonly dynamoDbEndpoint?: string;
  /** The embedded DynamoDB Local, when one was started. */
  readonly embedded?: LocalDynamoDb;
  readonly service: RulesService;
  readonly store: RulesStore;
  readonly config: RulesConfig;
  /** The action services (local back ends, evaluation API, SLA sweeper). */
  readonly actions: LocalActions;
  /** What the start did to the user's data that they should know (an index added to an older table). */
  readonly notices: readonly string[];
  /** Closes the HTTP server, the DynamoDB client and the embedded DynamoDB Local. Idempotent. */
  close(): Promise<void>;
}

/** A host refused because it is not a loopback address and remote access was not asked for. */
export class RemoteHostRefusedError extends UserError {
  override readonly name = 'RemoteHostRefusedError';
  constructor(readonly host: string) {
    super(
      `--host ${host} is not a loopback address: the local API does not check request signatures (SigV4), so anyone who can reach the port could create, change and delete rules; give --allow-remote to listen there anyway`,
    );
  }
}


export async function startLocalRulesApi(options: LocalRulesApiOptions = {}): Promise<LocalRulesApi> {
  const host = options.host ?? '127.0.0.1';
  if (!options.allowRemote && !isLoopbackHost(host)) throw new RemoteHostRefusedError(host);
  const config = rulesConfigFromEnv(process.env, options.config);
  // Read and checked before DynamoDB Local starts (seconds): a bad file is refused with nothing started.
  const users = options.usersFile ? readUsersFileAt(options.usersFile, true) : undefined;
  const cleanup: (() => Promise<void> | void)[] = [];
  const runCleanup = async () => {
    for (const step of cleanup.reverse()) {
      try {
        await step();
      } catch {
        // keep closing the rest
      }
    }
    cleanup.length = 0;
  };
  try {
    let embedded: LocalDynamoDb | undefined;
    let endpoint = options.dynamoDbEndpoint;
    let dynamoDb = options.dynamoDb;
    if (!dynamoDb) {
      const opened = await openDynamoDb({ endpoint, dataDir: options.dataDir, port: options.dynamoDbPort }, config.region);
      cleanup.push(() => opened.close());
      ({ client: dynamoDb, endpoint, embedded } = opened);
    }
    // The pipeline's tables too: SearchContacts and DescribeContact read its contact records.
    // Tables an older version made get the indexes added since, and their contacts indexed.
    const tables = ['rules', 'pipelineState', 'idempotency', ...ACTION_TABLE_KEYS];
    const notices = (options.createTables ?? true) ? await ensureTablesIndexed(dynamoDb, tables, { rules: config.rulesTable }) : [];
    const bundle = await createRulesService({ dynamoDb, config, checkFunction: options.checkFunction });
    const logger = options.logger ?? new Logger({ serviceName: 'connect-rules-api' });
    const actions = await startLocalActions({
      dynamoDb,
      config: { region: config.region, accountId: config.accountId },
      ...(users ? { users } : {}),
      onError: (message, error) => logger.error(message, { error: error as Error }),
    });
    // Submitted evaluations and SLA breaches (the sweeper) go through the rules like any trigger event.
    const [{ createPipeline }, { pipelineConfigFromEnv }, { localObjectReader }] = await Promise.all([
      import('../engine/pipeline/factory.ts'),
      import('../engine/pipeline/config.ts'),
      import('../engine/ingest/object-reader.ts'),
    ]);
    // A replay's files, and the S3 objects of the local stage (osls invoke local) when their folder is named.
    const reader = localObjectReader(options.objectsDir);
    const pipeline = createPipeline({
      dynamoDb,
      reader,
      runner: actions.runtime.runner,
      config: pipelineConfigFromEnv(process.env, { region: config.region, accountId: config.accountId, rulesTable: config.rulesTable }),
    });
    actions.setDispatcher(processorDispatcher(pipeline.processor));
    // The rules and evaluation routes on one server, through the same HTTP layer as the deployed functions.
    const handler = createConnectApi({
      name: 'local API',
      apis: [
        rulesApi(bundle.service, config.maxRequestBytes),
        actions.evaluationApi,
        contactsApi(contactsService({ dynamoDb, reader, region: config.region, accountId: config.accountId })),
      ],
      accountId: config.accountId,
      logger,
    });
    const server = createHttpApiServer(handler, {
      maxRequestBytes: config.maxRequestBytes,
      accountId: config.accountId,
      region: config.region,
      ...(options.limits ? { limits: options.limits } : {}),
      // No signature is checked: web pages and other host names are refused (local-request-guard.ts).
      refuse: localRequestGuard({ server: 'serve', host, ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}) }),
    });
    const running = await listen(server, options.port ?? 0, host);
    cleanup.push(() => running.close());
    let closing: Promise<void> | undefined;
    return {
      url: running.url,
      port: running.port,
      dynamoDbLabel: embedded ? 'embedded' : options.dynamoDb ? 'client' : endpoint!,
      ...(endpoint ? { dynamoDbEndpoint: endpoint } : {}),
      ...(embedded ? { embedded } : {}),
      service: bundle.service,
      store: bundle.store,
      config: bundle.config,
      actions,
      notices,
      close: () => (closing ??= runCleanup()),
    };
  } catch (err) {
    await runCleanup();
    throw err;
  }
}
