/**
 * Users on DynamoDB, for notification recipients (UserIds, UserTags): Connect-like
 * user records (`Id`, `Username`, `IdentityInfo.Email`, `Tags`) loaded from a seed file
 * such as examples/users.json (docs/actions.md "Users").
 */
import { readInputFile } from '../../rulefiles/read-input.ts';
import { readProblem } from '../../rulefiles/read-problem.ts';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { User, UserDirectory } from '../backends.ts';
import { queryAll } from '../../dynamo/query.ts';
import { apiLine, listOf, opt, req, type Spec, str, struct, validate } from '../../schema/check.ts';
import { UserError } from '../../../grammar/errors.ts';
import { parseJsonOr } from '../../../grammar/json/parse-error.ts';

/** A user as DescribeUser returns it (the members the engine reads). */
export interface ConnectUserRecord {
  readonly Id: string;
  readonly Username: string;
  readonly Arn?: string;
  readonly IdentityInfo?: { readonly FirstName?: string; readonly LastName?: string; readonly Email?: string; readonly SecondaryEmail?: string };
  readonly Tags?: Readonly<Record<string, string>>;
}

/** The seed file: `{ "InstanceId": "...", "Users": [ConnectUserRecord...] }`. */
export interface UsersFile {
  readonly InstanceId: string;
  readonly Users: readonly ConnectUserRecord[];
}

/** A users seed file that is not one: the file, then one `member: problem` line each. */
export class UsersFileError extends UserError {}

const text = (max?: number): Spec => ({ kind: 'string', min: 1, max });
/**
 * A DescribeUser record: the members the engine reads are checked, the others kept
 * (open). Made when a file is read: a module-level value built by calls would stay in
 * every bundle that imports this module, deployed functions that never read a file too.
 */
const userSpec = (): Spec => ({
  kind: 'struct',
  open: true,
  fields: {
    Id: req(text()),
    Username: req(text()),
    Arn: opt(text()),
    IdentityInfo: opt({ kind: 'struct', open: true, fields: { FirstName: opt(str()), LastName: opt(str()), Email: opt(str()), SecondaryEmail: opt(str()) } }),
    Tags: opt({ kind: 'map', value: str() }),
  },
});
const usersFileSpec = (needsInstance: boolean): Spec => struct({ InstanceId: needsInstance ? req(text()) : opt(text()), Users: req(listOf(userSpec())) });
const SHAPE = '{"InstanceId": "...", "Users": [...]}';

/** Parses and checks a users seed file; `needsInstance`: no instance was given, so the file must name one. */
export function readUsersFile(content: string, file: string, needsInstance: boolean): UsersFile {
  const doc = parseJsonOr(content, file, (problem) => new UsersFileError(problem));
  const { value, problems } = validate(usersFileSpec(needsInstance), doc, { limit: 20 });
  if (problems.length > 0) throw new UsersFileError([`${file}: not a users file ${SHAPE}`, ...problems.map((p) => `  ${apiLine(p)}`)].join('\n'));
  return value as UsersFile;
}

/** Reads and checks users seed file `file` (bounded, engine/rulefiles/read-input.ts): any problem, a read's too, a UsersFileError naming it. */
export function readUsersFileAt(file: string, needsInstance: boolean): UsersFile {
  let content: string;
  try {
    content = readInputFile(file, 'users');
  } catch (err) {
    throw new UsersFileError(`${file}: ${readProblem(file, err)}`);
  }
  return readUsersFile(content, file, needsInstance);
}

export const toUser = (r: ConnectUserRecord): User => ({
  Id: r.Id,
  Username: r.Username,
  ...(r.IdentityInfo?.Email ? { Email: r.IdentityInfo.Email } : {}),
  ...(r.Tags ? { Tags: { ...r.Tags } } : {}),
});

export function hasAllTags(user: User, tags: Readonly<Record<string, string>>): boolean {
  const entries = Object.entries(tags);
  return entries.length > 0 && entries.every(([k, v]) => user.Tags?.[k] === v);
}

export class LocalUsers implements UserDirectory {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async put(instanceId: string, users: readonly ConnectUserRecord[]): Promise<void> {
    for (let i = 0; i < users.length; i += 25) {
      const batch = users.slice(i, i + 25).map((u) => ({
        PutRequest: { Item: { PK: `INSTANCE#${instanceId}`, SK: `USER#${u.Id}`, User: toUser(u), Record: u } },
      }));
      let pending: typeof batch | undefined = batch;
      for (let attempt = 0; pending && pending.length > 0 && attempt < 8; attempt++) {
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending } }));
        pending = out.UnprocessedItems?.[this.table] as typeof batch | undefined;
      }
    }
  }

  /** Loads a users seed file (examples/users.json); returns how many users. UsersFileError when it is not one. */
  async load(file: string, instanceId?: string): Promise<number> {
    const parsed = readUsersFileAt(file, instanceId === undefined);
    await this.put(instanceId ?? parsed.InstanceId, parsed.Users);
    return parsed.Users.length;
  }

  async usersByIds(instanceId: string, ids: readonly string[]): Promise<User[]> {
    const unique = [...new Set(ids)];
    const out: User[] = [];
    for (let i = 0; i < unique.length; i += 100) {
      const keys = unique.slice(i, i + 100).map((id) => ({ PK: `INSTANCE#${instanceId}`, SK: `USER#${id}` }));
      const res = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys } } }));
      out.push(...(res.Responses?.[this.table] ?? []).map((item) => item.User as User));
    }
    return out;
  }

  async usersWithTags(instanceId: string, tags: Readonly<Record<string, string>>): Promise<User[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :u)',
      ExpressionAttributeValues: { ':pk': `INSTANCE#${instanceId}`, ':u': 'USER#' },
    });
    return items.map((i) => i.User as User).filter((u) => hasAllTags(u, tags));
  }
}
