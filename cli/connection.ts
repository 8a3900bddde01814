/**
 * The connection flags of the commands that talk to Amazon Connect (pull, push):
 * as the AWS CLI takes them. Without flags the SDK's default chain decides
 * (environment, shared config and credentials files, SSO, instance roles).
 * The flags parse into storage/endpoints.ts `Connection`, the one type of them.
 */
import type { Command } from 'commander';

export function withConnectionOptions(command: Command): Command {
  return command
    .option('--region <region>', 'the AWS Region of the instance (default: AWS_REGION or the profile\'s)')
    .option('--profile <name>', 'a named profile of the shared AWS config and credentials files (default: AWS_PROFILE or the default chain)')
    .option('--endpoint <url>', 'another endpoint for the Connect API, e.g. the URL `connect-rules serve` prints');
}
