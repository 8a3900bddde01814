/**
 * `connect-rules contacts search ...` and `contacts describe ID`: SearchContacts and
 * DescribeContact through the real `@aws-sdk/client-connect`, against the URL
 * `connect-rules serve` prints (`--endpoint`) or an Amazon Connect instance; a table,
 * or `--json`. `search` follows NextToken up to `--limit` contacts.
 */
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { checkDataDir, runCommand, UsageError } from '../io.ts';
import type { Connection } from '../../storage/endpoints.ts';
import { dynamoDbFailure, endpointOption, overConnectApi, withConnectionOptions } from '../connection.ts';
import { SORT_FIELDS, TIME_TYPES } from '../../engine/contacts/fields.ts';

/** `--data-dir`: the folder a `replay` or a stopped `serve` kept its data in. */
interface DataDirFlag {
  dataDir?: string;
}

interface SearchOptions extends Connection, DataDirFlag {
  instanceId: string;
  from: Date;
  to: Date;
  timeType: (typeof TIME_TYPES)[number];
  channel: string[];
  initiationMethod: string[];
  queue: string[];
  agent: string[];
  attribute: { key: string; value: string }[];
  attributesMatch: MatchOption;
  transcript: { role: string; words: string }[];
  transcriptMatch: MatchOption;
  category: string[];
  categoriesMatch: MatchOption;
  sort: Sort;
  limit: number;
  json?: boolean;
}

interface DescribeOptions extends Connection, DataDirFlag {
  instanceId: string;
  json?: boolean;
}

const DATA_DIR_HELP = 'the folder a `replay --data-dir` or a stopped `serve --data-dir` kept its data in: serve\'s contact routes are started on it in this process (needs Java 17)';

/**
 * Runs `body` with the connection flags; with `--data-dir`, against serve's contact
 * routes on that folder (functions/local-contacts.ts), started here and closed after.
 */
async function overConnection<T extends Connection & DataDirFlag>(command: string, options: T, body: (flags: T) => Promise<number>): Promise<number> {
  if (options.dataDir === undefined) return overConnectApi(command, options.endpoint, () => body(options));
  checkDataDir(options.dataDir, true);
  const { startLocalContactsApi } = await import('../../functions/local-contacts.ts');
  // A DynamoDB Local that cannot start (no java, a folder it cannot use) is the user's to fix: one line, no stack trace.
  const api = await startLocalContactsApi(options.dataDir).catch((err: unknown) => {
    throw new UsageError(`connect-rules contacts: could not start on --data-dir ${options.dataDir}: ${(err as Error).message}`);
  });
  for (const notice of api.notices) process.stderr.write(`connect-rules contacts: ${notice}\n`);
  try {
    return await body({ ...options, endpoint: api.url, region: options.region ?? api.region });
  } finally {
    await api.close();
  }
}

const collect = (value: string, previous: string[]) => [...previous, value];

function parseTime(value: string): Date {
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError('expected an ISO-8601 date-time, e.g. 2025-03-11T00:00:00Z');
  return new Date(ms);
}

function positive(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}

/*
 * The option values below are read by commander argParsers throwing InvalidArgumentError,
 * as --from is: a value the command cannot take exits 1 with the command's usage (README,
 * "Using it"), before anything is sent.
 */
const MATCH = { all: 'MATCH_ALL', any: 'MATCH_ANY', none: 'MATCH_NONE' } as const;
/** The API match type an --*-match option sends (MATCH_EXACT not offered: the server refuses it). */
type MatchOption = (typeof MATCH)[keyof typeof MATCH];
function parseMatch(value: string): MatchOption {
  const m = MATCH[value.toLowerCase() as keyof typeof MATCH];
  if (!m) throw new InvalidArgumentError('expected all, any or none');
  return m;
}

/** One of `names` whatever its case (SearchContacts' enum values), or the list of them. */
function oneOfNames<T extends string>(names: readonly T[], value: string): T {
  const name = names.find((n) => n === value.toUpperCase());
  if (name === undefined) throw new InvalidArgumentError(`expected one of ${names.join(', ')}`);
  return name;
}

const parseTimeType = (value: string) => oneOfNames(TIME_TYPES, value);

const ORDERS = { asc: 'ASCENDING', desc: 'DESCENDING' } as const;
interface Sort {
  FieldName: (typeof SORT_FIELDS)[number];
  Order: (typeof ORDERS)[keyof typeof ORDERS];
}
/** `FIELD[:asc|desc]`: the field one of SearchContacts' Sort.FieldName values. */
function parseSort(value: string): Sort {
  const [field = '', order = 'desc', ...rest] = value.split(':');
  const Order = ORDERS[order.toLowerCase() as keyof typeof ORDERS];
  if (!Order || rest.length > 0) throw new InvalidArgumentError('expected FIELD, FIELD:asc or FIELD:desc');
  return { FieldName: oneOfNames(SORT_FIELDS, field), Order };
}

/** A repeatable `KEY=VALUE`. */
function parseAttribute(value: string, previous: SearchOptions['attribute']): SearchOptions['attribute'] {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected KEY=VALUE');
  return [...previous, { key: value.slice(0, eq), value: value.slice(eq + 1) }];
}

/** A repeatable `ROLE:words`. */
function parseTranscript(value: string, previous: SearchOptions['transcript']): SearchOptions['transcript'] {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new InvalidArgumentError('expected ROLE:words, e.g. CUSTOMER:cancel my account');
  return [...previous, { role: value.slice(0, colon).toUpperCase(), words: value.slice(colon + 1).trim() }];
}

/** The values of one key together (a contact matches one of them). */
function attributeCriteria(flags: SearchOptions['attribute']): { Key: string; Values: string[] }[] {
  const byKey = new Map<string, string[]>();
  for (const { key, value } of flags) byKey.set(key, [...(byKey.get(key) ?? []), value]);
  return [...byKey].map(([Key, Values]) => ({ Key, Values }));
}

/** The phrases of one role together. */
function transcriptCriteria(flags: SearchOptions['transcript'], match: MatchOption) {
  const byRole = new Map<string, string[]>();
  for (const { role, words } of flags) byRole.set(role, [...(byRole.get(role) ?? []), words]);
  return [...byRole].map(([ParticipantRole, SearchText]) => ({ ParticipantRole, SearchText, MatchType: match }));
}

export function registerContacts(program: Command): void {
  const contacts = program.command('contacts').description('find what the rules did: SearchContacts and DescribeContact (point --endpoint at `connect-rules serve`, or --data-dir at its folder)');
  withConnectionOptions(
    contacts
      .command('search')
      .description('search the contacts of an instance (SearchContacts, every page up to --limit)')
      .requiredOption('--instance-id <id>', 'the Amazon Connect instance')
      .option('--from <iso>', 'start of the time range', parseTime, new Date('1970-01-01T00:00:00Z'))
      // The default's description, not its value: help says "now", not the time help was printed.
      .addOption(new Option('--to <iso>', 'end of the time range').argParser(parseTime).default(new Date(), 'now'))
      .option('--time-type <type>', `the timestamp the range is on: ${TIME_TYPES.join(', ')}`, parseTimeType, 'INITIATION_TIMESTAMP')
      .option('--channel <channel>', 'VOICE, CHAT, TASK or EMAIL (repeat for any of several)', collect, [])
      .option('--initiation-method <method>', 'INBOUND, OUTBOUND, TRANSFER, ... (repeatable)', collect, [])
      .option('--queue <id>', 'a queue id (repeatable)', collect, [])
      .option('--agent <id>', 'an agent id (repeatable)', collect, [])
      .option('--attribute <key=value>', 'a contact attribute (repeatable; values of one key: any of them)', parseAttribute, [])
      .addOption(new Option('--attributes-match <all|any|none>', 'every --attribute key must match, any, or none').argParser(parseMatch).default('MATCH_ALL', 'all'))
      .option('--transcript <role:words>', 'words said by a participant role, matched as exact-match rules match them (repeatable)', parseTranscript, [])
      .addOption(new Option('--transcript-match <all|any|none>', 'all the words of a role must be said, any, or none of them').argParser(parseMatch).default('MATCH_ALL', 'all'))
      .option('--category <name>', 'a category a rule assigned (ASSIGN_CONTACT_CATEGORY: the rule name; repeatable)', collect, [])
      .addOption(new Option('--categories-match <all|any|none>', 'every --category, any, or none').argParser(parseMatch).default('MATCH_ALL', 'all'))
      .addOption(
        new Option('--sort <field[:asc|desc]>', `${SORT_FIELDS.join(', ')}; descending unless :asc`)
          .argParser(parseSort)
          .default({ FieldName: 'INITIATION_TIMESTAMP', Order: 'DESCENDING' } satisfies Sort, 'INITIATION_TIMESTAMP:desc'),
      )
      .option('--limit <n>', 'at most this many contacts (pages of 100 followed)', positive, 1000)
      .option('--json', 'print {"Contacts": [...], "TotalCount": n} as SearchContacts answers')
      .option('--data-dir <dir>', DATA_DIR_HELP),
    { conflicts: ['dataDir'] },
  ).action((options: SearchOptions) => runCommand(() => overConnection('contacts search', options, search)));
  withConnectionOptions(
    contacts
      .command('describe')
      .description('one contact (DescribeContact)')
      .argument('<contact-id>', 'the contact')
      .requiredOption('--instance-id <id>', 'the Amazon Connect instance')
      .option('--json', 'print the DescribeContact response')
      .option('--data-dir <dir>', DATA_DIR_HELP),
    { conflicts: ['dataDir'] },
  ).action((contactId: string, options: DescribeOptions) => runCommand(() => overConnection('contacts describe', options, (flags) => describe(contactId, flags))));
  contacts
    .command('reindex')
    .description(
      'put the contacts stored before the ByInstance indexes existed into them, and give the ones an older version indexed otherwise this version\'s keys, on a deployed stack (serve and replay index local tables themselves when they add an index)',
    )
    .option('--state-table <name>', 'the pipeline state table (osls info: PipelineStateTableName; default PIPELINE_STATE_TABLE or the local name)')
    .option('--contacts-table <name>', 'the contacts table (osls info: ContactsTableName; default CONTACTS_TABLE or the local name)')
    .option('--region <region>', "the stack's AWS Region (default: AWS_REGION or the profile's)")
    .option('--profile <name>', 'a named profile of the shared AWS config and credentials files')
    .addOption(endpointOption('dynamodb', 'another DynamoDB endpoint, e.g. DynamoDB Local'))
    .action((options: ReindexOptions) => runCommand(() => reindex(options)));
}

interface ReindexOptions extends Connection {
  stateTable?: string;
  contactsTable?: string;
}

async function reindex(options: ReindexOptions): Promise<number> {
  const [{ dynamoDbClient }, { reindexContactTables, IndexNotReadyError }, { tableName }, { PIPELINE_STATE_TABLE }, { CONTACTS_TABLE }] = await Promise.all([
    import('../../storage/dynamodb-client.ts'),
    import('../../engine/contacts/reindex.ts'),
    import('../../storage/tables.ts'),
    import('../../storage/pipeline-tables.ts'),
    import('../../storage/action-tables.ts'),
  ]);
  // A local --endpoint (DynamoDB Local) gets a region and dummy keys, as every other command's does.
  const client = dynamoDbClient(options);
  try {
    const lines = await reindexContactTables(client, {
      stateTable: options.stateTable ?? tableName(PIPELINE_STATE_TABLE),
      contactsTable: options.contactsTable ?? tableName(CONTACTS_TABLE),
    });
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (err) {
    if (err instanceof IndexNotReadyError) throw new UsageError(`contacts reindex: ${err.message}`);
    if ((err as { name?: string }).name === 'ResourceNotFoundException') throw new UsageError(`contacts reindex: ${(err as Error).message} (give --state-table and --contacts-table as osls info names them)`);
    throw dynamoDbFailure('contacts reindex', options.endpoint, err) ?? err;
  } finally {
    client.destroy();
  }
}

const iso = (d: Date | undefined) => (d ? d.toISOString().replace('.000Z', 'Z') : '');

/** A table: a header and one line per row, columns as wide as their widest cell. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

async function search(options: SearchOptions): Promise<number> {
  const attributes = attributeCriteria(options.attribute);
  const transcript = transcriptCriteria(options.transcript, options.transcriptMatch);
  const categoriesMatch = options.categoriesMatch;
  const [{ SearchContactsCommand }, { connectClientFor, call }, { withContactCategories }] = await Promise.all([
    import('@aws-sdk/client-connect'),
    import('../../engine/sync/connect.ts'),
    import('../../engine/contacts/client.ts'),
  ]);
  let client = connectClientFor(options);
  if (options.category.length > 0) client = withContactCategories(client, { Categories: options.category, MatchType: categoriesMatch });
  try {
    const found: import('@aws-sdk/client-connect').ContactSearchSummary[] = [];
    let total = 0;
    let NextToken: string | undefined;
    do {
      const out = await call('SearchContacts', undefined, () =>
        client.send(
          new SearchContactsCommand({
            InstanceId: options.instanceId,
            TimeRange: { Type: options.timeType, StartTime: options.from, EndTime: options.to },
            SearchCriteria: {
              ...(options.channel.length ? { Channels: options.channel.map((c) => c.toUpperCase()) as never } : {}),
              ...(options.initiationMethod.length ? { InitiationMethods: options.initiationMethod.map((c) => c.toUpperCase()) as never } : {}),
              ...(options.queue.length ? { QueueIds: options.queue } : {}),
              ...(options.agent.length ? { AgentIds: options.agent } : {}),
              ...(attributes.length ? { SearchableContactAttributes: { Criteria: attributes, MatchType: options.attributesMatch } } : {}),
              ...(transcript.length ? { ContactAnalysis: { Transcript: { Criteria: transcript as never, MatchType: 'MATCH_ALL' } } } : {}),
            },
            Sort: options.sort,
            MaxResults: Math.min(100, options.limit - found.length),
            NextToken,
          }),
        ),
      );
      found.push(...(out.Contacts ?? []));
      total = out.TotalCount ?? found.length;
      NextToken = out.NextToken;
    } while (NextToken && found.length < options.limit);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ Contacts: found, TotalCount: total }, null, 2)}\n`);
      return 0;
    }
    const rows = found.map((c) => [c.Id ?? '', c.Channel ?? '', c.InitiationMethod ?? '', c.QueueInfo?.Id ?? '', c.AgentInfo?.Id ?? '', iso(c.InitiationTimestamp), iso(c.DisconnectTimestamp)]);
    if (rows.length > 0) process.stdout.write(`${table(['CONTACT', 'CHANNEL', 'METHOD', 'QUEUE', 'AGENT', 'INITIATED', 'DISCONNECTED'], rows)}\n`);
    process.stdout.write(`${found.length} of ${total} contact${total === 1 ? '' : 's'}${found.length < total ? ` (--limit ${options.limit})` : ''}\n`);
    return 0;
  } finally {
    client.destroy();
  }
}

async function describe(contactId: string, options: DescribeOptions): Promise<number> {
  const [{ DescribeContactCommand }, { connectClientFor, call }] = await Promise.all([import('@aws-sdk/client-connect'), import('../../engine/sync/connect.ts')]);
  const client = connectClientFor(options);
  try {
    const { Contact: c = {} } = await call('DescribeContact', undefined, () => client.send(new DescribeContactCommand({ InstanceId: options.instanceId, ContactId: contactId })));
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ Contact: c }, null, 2)}\n`);
      return 0;
    }
    const groups = Object.entries(c.AgentInfo?.HierarchyGroups ?? {})
      .filter(([, g]) => g?.Arn)
      .map(([level, g]) => `${level} ${g!.Arn!.slice(g!.Arn!.lastIndexOf('/') + 1)}`)
      .join(', ');
    const lines: [string, string | undefined][] = [
      ['Contact', c.Id],
      ['Channel', c.Channel],
      ['Initiation method', c.InitiationMethod],
      ['Name', c.Name],
      ['Previous contact', c.PreviousContactId],
      ['Related contact', c.RelatedContactId],
      ['Queue', c.QueueInfo?.Id],
      ['Agent', c.AgentInfo?.Id],
      ['Hierarchy groups', groups || undefined],
      ['Initiated', iso(c.InitiationTimestamp) || undefined],
      ['Disconnected', iso(c.DisconnectTimestamp) || undefined],
      ['Attributes', c.Attributes && Object.keys(c.Attributes).length ? Object.entries(c.Attributes).map(([k, v]) => `${k}=${v}`).join(', ') : undefined],
      ['Tags', c.Tags && Object.keys(c.Tags).length ? Object.entries(c.Tags).map(([k, v]) => `${k}=${v}`).join(', ') : undefined],
    ];
    const shown = lines.filter((l): l is [string, string] => l[1] !== undefined && l[1] !== '');
    const width = Math.max(...shown.map(([k]) => k.length));
    process.stdout.write(`${shown.map(([k, v]) => `${`${k}:`.padEnd(width + 1)}  ${v}`).join('\n')}\n`);
    return 0;
  } finally {
    client.destroy();
  }
}
