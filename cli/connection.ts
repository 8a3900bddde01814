/**
 * The connection flags of the commands that talk to Amazon Connect (pull, push):
 * as the AWS CLI takes them. Without flags the SDK's default chain decides
 * (environment, shared config and credentials files, SSO, instance roles).
 * The flags parse into storage/endpoints.ts `Connection`, the one type of them.
 * And the one reading of a failure to reach DynamoDB at an `--endpoint`.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { isEndpointUrl } from '../storage/endpoints.ts';
import { UsageError } from './io.ts';

/**
 * The example URL an `--endpoint` refusal gives, by what the command talks to: serve
 * prints two endpoints, its rules API (port 3000 by default) and its DynamoDB Local
 * (`--dynamodb-port 8000` in the README), and each command takes one of them.
 */
const ENDPOINT_EXAMPLES = {
  connect: 'http://127.0.0.1:3000 (the rules API URL `connect-rules serve` prints)',
  dynamodb: 'http://127.0.0.1:8000 (the DynamoDB Local endpoint `connect-rules serve` prints)',
} as const;

/**
 * `--endpoint <url>` of a command talking to `service`: a value that is no URL is a
 * value the command cannot take (exit 1 with the usage, README), never sent.
 * `conflicts`: the options that exclude it (commander's own check, the same exit).
 */
export function endpointOption(service: keyof typeof ENDPOINT_EXAMPLES, description: string, conflicts: readonly string[] = []): Option {
  return new Option('--endpoint <url>', description)
    .argParser((value: string) => {
      if (!isEndpointUrl(value)) throw new InvalidArgumentError(`expected a URL such as ${ENDPOINT_EXAMPLES[service]}`);
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

/** Connection failures of Node's sockets: nothing answered at the endpoint. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH']);

/** What an HTTP server that is not DynamoDB answers a DynamoDB call with (serve's API: `UnknownOperationException`). */
const NOT_DYNAMODB = new Set(['UnknownOperationException', 'UnknownOperation', 'SerializationException']);

/**
 * A failure of a command reaching DynamoDB (replay, outbox, contacts reindex) as one
 * user error naming the endpoint and the likely mix-up, or undefined when `err` is no
 * SDK or connection failure (then it is the command's own). serve prints two endpoints,
 * its API and its DynamoDB Local, and giving one for the other is the natural mistake.
 */
export function dynamoDbFailure(command: string, endpoint: string | undefined, err: unknown): UsageError | undefined {
  const e = err as { name?: string; code?: string; message?: string; $metadata?: unknown } | undefined;
  if (!e || typeof e !== 'object') return undefined;
  const what = `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message ?? ''}`.replace(/\n[\s\S]*/, '');
  const where = endpoint ? `--endpoint ${endpoint}` : 'DynamoDB';
  const code = e.code ?? (e as { cause?: { code?: string } }).cause?.code;
  if (code && UNREACHABLE.has(code)) {
    return new UsageError(`connect-rules ${command}: nothing answers at ${where} (${code}): give the DynamoDB Local endpoint \`connect-rules serve\` prints, and check it is running`);
  }
  if (e.name && NOT_DYNAMODB.has(e.name) && endpoint) {
    return new UsageError(`connect-rules ${command}: ${where} does not answer as DynamoDB (${what}): give the DynamoDB Local endpoint serve prints, not its API`);
  }
  if (e.$metadata !== undefined || e.name === 'CredentialsProviderError') return new UsageError(`connect-rules ${command}: DynamoDB at ${endpoint ?? 'the AWS endpoint'}: ${what}`);
  return undefined;
}
