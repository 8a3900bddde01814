/**
 * On the `local` stage (`osls invoke local`, `osls offline`) the functions use the
 * DynamoDB Local of a running `connect-rules serve`; when it is not running, every
 * record failed with an IdempotencyPersistenceLayerError and the rules API answered a
 * bare 500, the refused connection only deep in a cause. There, and only there
 * (deploy/local-stage.ts sets the variable below, with the command that starts the
 * DynamoDB Local it expects), a failure to reach DynamoDB is said in one line.
 */
import { endpointFromEnv, unreachableCode } from '../storage/endpoints.ts';

/** The command that starts the local stage's DynamoDB (`connect-rules serve --dynamodb-port 8000`); set on the local stage only. */
export const LOCAL_DYNAMODB_VAR = 'CONNECT_RULES_LOCAL_DYNAMODB';

/** The line naming the endpoint and the command, if `err` is DynamoDB not answering on the local stage; else undefined. */
export function localDynamoDbHint(err: unknown, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const command = env[LOCAL_DYNAMODB_VAR];
  if (!command) return undefined;
  const code = unreachableCode(err);
  if (!code) return undefined;
  return `DynamoDB at ${endpointFromEnv('DYNAMODB', env) ?? 'its endpoint'} does not answer (${code}): is \`${command}\` running? The local stage uses its DynamoDB Local`;
}
