/**
 * An esbuild plugin for the Lambda bundles: each AWS SDK client keeps, of the service's
 * modelled errors, those that an operation the functions send declares; the others
 * leave the bundle. It also does what `awsSdkSchemaKeys` does to the same modules
 * (build/aws-sdk-schemas.ts), since only one plugin can load a module.
 *
 * A client's schema module registers every error class of its service at the top level
 * (`n0_registry.registerError(BackupInUseException$, BackupInUseException)`), which
 * keeps each class and its schema in every bundle that sends any command: DynamoDB 36,
 * S3 22, Connect 30 (about 27 KB of a file reader). The registry is where the
 * deserializer finds an error response's class; an error it does not hold reaches the
 * caller as the client's base exception (`DynamoDBServiceException`) with the error's
 * name, message, `$metadata`, `$fault` (by the HTTP status) and the response's other
 * fields as sent, as every error the service's model does not name already does
 * (DynamoDB's `ValidationException`, S3's `NoSuchVersion`). It is not an instance of
 * the error's own class, and lacks a modelled `$retryable`.
 *
 * So a registration stays when an operation in `SENT_OPERATIONS` declares the error:
 * the command's `@throws` in the client's own types (generated from the service's
 * model, so they follow the installed client's version). An error left out can reach
 * the code only if a service answers an operation with an error it does not declare.
 * A build that loads the command of an operation missing from the table, and whose
 * declared errors would be left out, fails naming the operation.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Plugin } from 'esbuild';
import { inlineSchemaKeys, SCHEMA_MODULE } from './aws-sdk-schemas.ts';

/**
 * The operations the Lambda functions send (on every stage), by client package: the
 * errors they declare keep their classes. A client not listed keeps all of its errors.
 */
export const SENT_OPERATIONS: Readonly<Record<string, readonly string[]>> = {
  // The stores and the state (lib-dynamodb's commands send these), Powertools' idempotency
  // and, on the DynamoDB client's own, DescribeEndpoints.
  'client-dynamodb': ['BatchGetItem', 'BatchWriteItem', 'DeleteItem', 'DescribeEndpoints', 'GetItem', 'PutItem', 'Query', 'Scan', 'TransactWriteItems', 'UpdateItem'],
  // The file readers and contactsApi (engine/ingest/s3-reader.ts).
  'client-s3': ['GetObject'],
  // The actions (engine/actions/aws/): tasks, users, automated evaluations; and a live session's
  // attributes (ingestRealtime, engine/pipeline/connect-attributes.ts).
  'client-connect': [
    'DescribeContactEvaluation',
    'DescribeEvaluationForm',
    'DescribeUser',
    'GetContactAttributes',
    'ListEvaluationFormVersions',
    'SearchUsers',
    'StartContactEvaluation',
    'StartTaskContact',
    'StopContact',
    'SubmitContactEvaluation',
  ],
  'client-connectcases': ['CreateCase', 'CreateRelatedItem', 'GetCase', 'SearchRelatedItems', 'UpdateCase'],
  'client-sesv2': ['SendEmail'],
  'client-eventbridge': ['PutEvents'],
};

/** A client's command module: `…/@aws-sdk/client-dynamodb/dist-es/commands/PutItemCommand.js`. */
const COMMAND_MODULE = /[\\/]@aws-sdk[\\/](client-[^\\/]+)[\\/]dist-es[\\/]commands[\\/](\w+)Command\.js$/;
const CLIENT_OF_SCHEMAS = /[\\/]@aws-sdk[\\/](client-[^\\/]+)[\\/]dist-es[\\/]schemas[\\/]/;
/** One registration: `n0_registry.registerError(X$, X);` (the base exception's is `_s_registry.…`). */
const REGISTRATION = /^\w+_registry\.registerError\((\w+)\$, \1\);\n/gm;
const THROWS = /@throws \{@link (\w+)\}/g;

/** The client's errors `operation` declares (its command's `@throws`), from the client's types beside `distEs`. */
export function declaredErrors(distEs: string, operation: string): string[] {
  const types = join(distEs, '..', 'dist-types', 'commands', `${operation}Command.d.ts`);
  const errors = [...readFileSync(types, 'utf8').matchAll(THROWS)].map((m) => m[1]!);
  // Every command declares the client's base exception last: none found means the types are not what this reads.
  if (!errors.some((e) => e.endsWith('ServiceException'))) throw new Error(`${types}: no @throws of the client's base exception; build/sdk-declared-errors.ts reads the declared errors from there`);
  return errors;
}

/**
 * The schema module's source with the registrations of errors not in `kept` taken out.
 * It fails if a registration is not in the form it reads, or if an error of `kept` has no
 * registration: the module would not be what this was written for.
 */
export function keepDeclaredErrors(source: string, kept: ReadonlySet<string>, file: string): string {
  const registered = new Set<string>();
  const out = source.replace(REGISTRATION, (line, error: string) => (registered.add(error), kept.has(error) ? line : ''));
  const all = source.split('.registerError(').length - 1;
  if (registered.size !== all) throw new Error(`${file}: ${all - registered.size} error registrations not in the form build/sdk-declared-errors.ts reads`);
  const missing = [...kept].filter((e) => !registered.has(e));
  if (missing.length > 0) throw new Error(`${file}: declared errors with no registration: ${missing.join(', ')}`);
  return out;
}

/** The plugin keeping the errors the `sent` operations declare (a test that sends others gives its own table). */
export function declaredErrorsOnly(sent: Readonly<Record<string, readonly string[]>> = SENT_OPERATIONS): Plugin {
  return {
    name: 'aws-sdk-declared-errors',
    setup(build) {
      /** Per client's dist-es folder, the errors its listed operations declare. */
      const keptBy = new Map<string, Set<string>>();
      const kept = (distEs: string, client: string): Set<string> => {
        let set = keptBy.get(distEs);
        if (!set) keptBy.set(distEs, (set = new Set(sent[client]!.flatMap((op) => declaredErrors(distEs, op)))));
        return set;
      };
      // The check below reads which commands the bundle holds (esbuild loads every command of a client, then drops most).
      build.initialOptions.metafile = true;
      const cwd = build.initialOptions.absWorkingDir ?? process.cwd();

      build.onLoad({ filter: SCHEMA_MODULE }, async (args) => {
        const client = CLIENT_OF_SCHEMAS.exec(args.path)![1]!;
        const source = await readFile(args.path, 'utf8');
        const trimmed = sent[client] ? keepDeclaredErrors(source, kept(dirname(dirname(args.path)), client), args.path) : source;
        return { contents: inlineSchemaKeys(trimmed), loader: 'js' };
      });
      build.onEnd(({ metafile }) => {
        const held = Object.values(metafile?.outputs ?? {}).flatMap((o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([path]) => path));
        const errors = [...new Set(held)].flatMap((path) => {
          const [, client, operation] = COMMAND_MODULE.exec(path) ?? [];
          if (!client || !sent[client] || sent[client].includes(operation!)) return [];
          const distEs = dirname(dirname(resolve(cwd, path)));
          const left = declaredErrors(distEs, operation!).filter((e) => !kept(distEs, client).has(e));
          if (left.length === 0) return [];
          return [{ text: `@aws-sdk/${client} ${operation} declares ${left.join(', ')}, which the Lambda bundles leave out: add ${operation} to SENT_OPERATIONS['${client}'] in build/sdk-declared-errors.ts` }];
        });
        return { errors };
      });
    },
  };
}

export const sdkDeclaredErrors: Plugin = declaredErrorsOnly();
