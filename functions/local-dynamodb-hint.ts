/**
 * On the `local` stage (`osls invoke local`, `osls offline`) the functions use the
 * DynamoDB Local of a running `connect-rules serve`; when it is not running, every
 * record failed with an IdempotencyPersistenceLayerError and the rules API answered a
 * bare 500, the refused connection only deep in a cause. There, and only there
 * (deploy/local-stage.ts sets the variable below), a failure to reach DynamoDB is said
 * in one line, with the command that starts a DynamoDB Local on its endpoint's port.
 */
import { endpointFromEnv, endpointUrl, unreachableCode } from '../storage/endpoints.ts';

/** Set (to `1`) on the local stage only: a DynamoDB that does not answer is said in one line there. */
export const LOCAL_DYNAMODB_VAR = 'CONNECT_RULES_LOCAL_DYNAMODB';

/** The port of an endpoint URL, its scheme's default when it names none. */
const portOf = (url: URL): string => url.port || (url.protocol === 'https:' ? '443' : '80');

/**
 * The line naming the endpoint and the `connect-rules serve --dynamodb-port` that starts a DynamoDB Local there,
 * if `err` is DynamoDB not answering on the local stage; else undefined. (An endpoint that is no URL made no client.)
 */
export function localDynamoDbHint(err: unknown, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!env[LOCAL_DYNAMODB_VAR]) return undefined;
  const code = unreachableCode(err);
  const endpoint = endpointFromEnv('DYNAMODB', env);
  const url = endpoint === undefined ? undefined : endpointUrl(endpoint);
  if (!code || !url) return undefined;
  return `DynamoDB at ${endpoint} does not answer (${code}): is \`connect-rules serve --dynamodb-port ${portOf(url)}\` running? The local stage uses its DynamoDB Local`;
}
