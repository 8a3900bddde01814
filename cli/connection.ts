/**
 * The connection flags of the commands that talk to Amazon Connect (pull, push):
 * as the AWS CLI takes them. Without flags the SDK's default chain decides
 * (environment, shared config and credentials files, SSO, instance roles).
 * The flags parse into storage/endpoints.ts `Connection`, the one type of them.
 * And the one reading of a failure to reach the service at an `--endpoint`: DynamoDB
 * (dynamoDbFailure) or the Connect API (connectApiFailure).
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { isEndpointUrl, unreachableCode } from '../storage/endpoints.ts';
import { UsageError } from './io.ts';

/**
 * serve prints two endpoints, its rules API (port 3000 by default) and its DynamoDB
 * Local (`--dynamodb-port 8000` in the README); each command takes one of them, and
 * giving one for the other is the natural mistake. Per service: the example an
 * `--endpoint` refusal gives, and the one of serve's endpoints to give.
 */
const SERVE_ENDPOINTS = {
  connect: { example: 'http://127.0.0.1:3000', printed: 'the rules API URL `connect-rules serve` prints', other: 'its DynamoDB Local', elsewhere: " (or a stack's HttpApiUrl)" },
  dynamodb: { example: 'http://127.0.0.1:8000', printed: 'the DynamoDB Local endpoint `connect-rules serve` prints', other: 'its rules API', elsewhere: '' },
} as const;
type Service = keyof typeof SERVE_ENDPOINTS;

/**
 * `--endpoint <url>` of a command talking to `service`: a value that is no URL is a
 * value the command cannot take (exit 1 with the usage, README), never sent.
 * `conflicts`: the options that exclude it (commander's own check, the same exit).
 */
export function endpointOption(service: Service, description: string, conflicts: readonly string[] = []): Option {
  const { example, printed } = SERVE_ENDPOINTS[service];
  return new Option('--endpoint <url>', description)
    .argParser((value: string) => {
      if (!isEndpointUrl(value)) throw new InvalidArgumentError(`expected a URL such as ${example} (${printed})`);
      return value;
    })
    .conflicts([...conflicts]);
}

/** The connection flags; `--data-dir` (contacts) excludes `--endpoint`. */
export function withConnectionOptions(command: Command, options: { conflicts?: readonly string[] } = {}): Command {
  return command
    .option('--region <region>', 'the AWS Region of the instance (default: AWS_REGION or the profile\'s)')
    .option('--profile <name>', 'a named profile of the shared AWS config and credentials files (default: AWS_PROFILE or the default chain)')
    .addOption(endpointOption('connect', 'another endpoint for the Connect API, e.g. the URL `connect-rules serve` prints', options.conflicts));
}

/** What an HTTP server that is not DynamoDB answers a DynamoDB call with (serve's API: `UnknownOperationException`). */
const NOT_DYNAMODB = new Set(['UnknownOperationException', 'UnknownOperation', 'SerializationException']);

/**
 * The content type of an answer in the AWS JSON 1.0 protocol, DynamoDB's: the Connect
 * API speaks REST-JSON (`application/json`), so a Connect call answered in it reached a
 * DynamoDB (DynamoDB Local answers every such path `InternalFailure`, HTTP 500).
 */
const DYNAMODB_PROTOCOL = 'application/x-amz-json-1.0';

interface SdkFailure {
  name?: string;
  message?: string;
  $metadata?: unknown;
  $response?: { headers?: Record<string, string> };
  cause?: SdkFailure;
}

/** The failure's name and the first line of its message: `InternalFailure: The request ...`. */
const said = (e: SdkFailure) => `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message ?? ''}`.replace(/\n[\s\S]*/, '');

/** Nothing answered at `where` (a socket's error code, on the error or down its causes). */
function unreachable(command: string, service: Service, where: string, e: SdkFailure): UsageError | undefined {
  const code = unreachableCode(e);
  if (!code) return undefined;
  const { printed, elsewhere } = SERVE_ENDPOINTS[service];
  return new UsageError(`connect-rules ${command}: nothing answers at ${where} (${code}): give ${printed}${elsewhere}, and check it is running`);
}

/** `--endpoint X` answered as another service: name the mix-up and the endpoint to give. */
const mixedUp = (command: string, service: Service, endpoint: string, answeredAs: string, e: SdkFailure) =>
  new UsageError(`connect-rules ${command}: --endpoint ${endpoint} ${answeredAs} (${said(e)}): give ${SERVE_ENDPOINTS[service].printed}, not ${SERVE_ENDPOINTS[service].other}`);

/**
 * A failure of a command reaching DynamoDB (replay, outbox, contacts reindex) as one
 * user error naming the endpoint and the likely mix-up, or undefined when `err` is no
 * SDK or connection failure (then it is the command's own).
 */
export function dynamoDbFailure(command: string, endpoint: string | undefined, err: unknown): UsageError | undefined {
  const e = err as SdkFailure | undefined;
  if (!e || typeof e !== 'object') return undefined;
  const failure = unreachable(command, 'dynamodb', endpoint ? `--endpoint ${endpoint}` : 'DynamoDB', e);
  if (failure) return failure;
  if (e.name && NOT_DYNAMODB.has(e.name) && endpoint) return mixedUp(command, 'dynamodb', endpoint, 'does not answer as DynamoDB', e);
  if (e.$metadata !== undefined || e.name === 'CredentialsProviderError') return new UsageError(`connect-rules ${command}: DynamoDB at ${endpoint ?? 'the AWS endpoint'}: ${said(e)}`);
  return undefined;
}

/**
 * A Connect API call of a command (contacts search and describe, pull, push) that
 * failed because `--endpoint` is not the Connect API: serve's DynamoDB Local given for
 * its rules API, or nothing there. Undefined otherwise: Connect's own answer (a
 * ResourceNotFoundException, a refused rule) says itself. `err` is the SDK's failure
 * or an error holding it as its `cause` (engine/sync/connect.ts ConnectCallError).
 */
export function connectApiFailure(command: string, endpoint: string | undefined, err: unknown): UsageError | undefined {
  if (endpoint === undefined || !err || typeof err !== 'object') return undefined;
  const e = (err as SdkFailure).cause ?? (err as SdkFailure);
  if (e.$response?.headers?.['content-type']?.startsWith(DYNAMODB_PROTOCOL)) return mixedUp(command, 'connect', endpoint, 'answers as DynamoDB, not as the Connect API', e);
  return unreachable(command, 'connect', `--endpoint ${endpoint}`, e);
}

/** Runs a command's Connect API calls; a wrong `--endpoint` is connectApiFailure's one line. */
export async function overConnectApi<T>(command: string, endpoint: string | undefined, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    throw connectApiFailure(command, endpoint, err) ?? err;
  }
}
