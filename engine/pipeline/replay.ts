/**
 * Replay: payloads from files fed, in the given order, through the same ingestor
 * as the Lambda handlers, with rules loaded through the rules API's CreateRule.
 * The command (cli/commands/replay.ts) adds the DynamoDB, the options and printing.
 *
 * Each file holds one payload or a list of them, recognised by shape
 * (engine/ingest/detect.ts). A payload without a delivery identity of its own (a
 * bare CTR, analysis file or segment record) is identified by its content, so the
 * same record given twice is a duplicate, as a redelivery would be. At the end the
 * analyses still waiting for a contact record are evaluated without one (the sweep
 * after the grace period, brought forward).
 */
import { hasSemanticCondition, semanticStandInWarning } from '../transcript/semantic.ts';
import { readdirSync, statSync } from 'node:fs';
import { checkRuleSet, whereIs } from '../rulefiles/check.ts';
import { createRuleBody } from '../rulefiles/body.ts';
import { loadRules, RuleInputError } from '../rulefiles/load.ts';
import { readProblem } from '../rulefiles/read-problem.ts';
import { notRegularFile } from '../rulefiles/read-input.ts';
import { basename, join, relative, resolve } from 'node:path';
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import { instanceIdFromArn, isObject } from '../context/json.ts';
import { parseJsonText } from '../ingest/errors.ts';
import { InvalidRequestException, ResourceConflictException } from '../api/errors.ts';
import { UserError } from '../../grammar/errors.ts';
import type { RulesService } from '../rules/service.ts';
import type { Evaluation, IngestResult, Ingestor, InputKind, IngestStatus } from './ingestor.ts';
import type { ActionReport } from './process.ts';

export interface ReplayInput {
  /** Absolute path. */
  readonly path: string;
  /** As shown in reports (relative to the working directory). */
  readonly label: string;
}

/** A problem with what the user gave (a missing path, a rule the API refuses). */
export class ReplayUsageError extends UserError {}

/** A file of a given folder that is not read, and why. */
export interface SkippedInput {
  readonly label: string;
  readonly reason: string;
}

/**
 * A replay file's payload, kept for the whole run: JSON.parse's (parseJsonText), not the
 * analysis reader's (parseEventText). The reader's strings are slices of the file's text, and
 * V8 keeps a slice of 13 or more characters pointing into the whole text, so every kept payload
 * would pin its file (review C: 1,000 calls held 94.4 MiB against JSON.parse's 47.6 MiB).
 */
export function parseReplayPayload(text: string, label: string): unknown {
  return parseJsonText(text, label);
}

/** Why a file found in a folder is not read (undefined: it is read). `.JSON` is read like `.json`. */
export function skipReason(name: string): string | undefined {
  if (name.startsWith('.')) return 'hidden file';
  if (/\.json$/i.test(name)) return undefined;
  if (/\.jsonc$/i.test(name)) return 'JSON with comments (.jsonc) is not read: strip the comments into a .json file';
  return 'not a .json file';
}

/**
 * The files of the given files and folders (folders recursively, sorted by name), in
 * order, lazily: each `.json` file (any case) to read, and each other file of a
 * folder with the reason it is not read. A file given by name is always read.
 */
export function* walkInputs(paths: readonly string[], cwd = process.cwd()): Generator<{ input: ReplayInput } | { skipped: SkippedInput }> {
  // The folders being walked, by device and inode: a link back to one of them is skipped, not walked again and again.
  const open = new Set<string>();
  function* walk(path: string, explicit: boolean): Generator<{ input: ReplayInput } | { skipped: SkippedInput }> {
    const rel = relative(cwd, path);
    const label = rel || path;
    let stat;
    try {
      stat = statSync(path, { throwIfNoEntry: false });
    } catch (err) {
      // A loop of links, a folder on the way that cannot be entered: this entry's problem; the run goes on.
      yield { skipped: { label, reason: readProblem(path, err) } };
      return;
    }
    if (!stat) {
      // A path given that is not there stops the run (a typo); an entry of a folder that is not there (a link to nothing,
      // as `cp -r` of relative links leaves) is that entry's problem, as a loop of links is, and the run goes on.
      const reason = readProblem(path, undefined, 'file or folder');
      if (explicit) throw new ReplayUsageError(`${label}: ${reason}`);
      yield { skipped: { label, reason } };
      return;
    }
    if (stat.isDirectory()) {
      const id = `${stat.dev}:${stat.ino}`;
      if (open.has(id)) {
        yield { skipped: { label, reason: 'a link back to a folder that holds it' } };
        return;
      }
      let entries;
      try {
        // The entries' types come with the listing: a folder of 20,000 files costs no stat per file
        // (a stat built its Date fields and was taken twice per file); links and unknown types are still followed by stat.
        entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      } catch (err) {
        yield { skipped: { label, reason: `a folder that ${readProblem(path, err, 'folder').replace(/^cannot read/, 'cannot be read')}` } };
        return;
      }
      open.add(id);
      for (const entry of entries) {
        const name = entry.name;
        const full = join(path, name);
        const file = entry.isFile();
        // What cannot be stat'ed (a loop) is walked as a file: walk says why it is skipped.
        const isDir = file ? false : entry.isDirectory() || isFolder(full);
        if (isDir && !name.startsWith('.')) yield* walk(full, false);
        else if (!isDir) {
          const reason = skipReason(name);
          if (reason) yield { skipped: { label: relative(cwd, full) || full, reason } };
          else if (file) yield { input: { path: full, label: rel ? join(rel, name) : name } };
          else yield* walk(full, false);
        }
      }
      open.delete(id);
    } else if (explicit) {
      yield { input: { path, label } };
    } else {
      // A folder's named pipe, device or socket holds no event file: listed as not read, as a link to
      // nothing or a loop is (and as backtest lists it), not an error of the run; one given by name is read, and refused.
      const reason = notRegularFile(stat) ?? skipReason(basename(path));
      yield reason === undefined ? { input: { path, label } } : { skipped: { label, reason } };
    }
  }
  for (const p of paths) yield* walk(resolve(cwd, p), true);
}

/** A folder, following links (false for what cannot be stat'ed: a loop of links, a link to nothing). */
function isFolder(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

/** The files to read of the given files and folders, and those skipped with their reason. */
export function collectInputsAndSkipped(paths: readonly string[], cwd = process.cwd()): { inputs: ReplayInput[]; skipped: SkippedInput[] } {
  const inputs: ReplayInput[] = [];
  const skipped: SkippedInput[] = [];
  for (const item of walkInputs(paths, cwd)) {
    if ('input' in item) inputs.push(item.input);
    else skipped.push(item.skipped);
  }
  return { inputs, skipped };
}

/** JSON files of the given files and folders (folders recursively, sorted by name), in order. */
export function collectInputs(paths: readonly string[], cwd = process.cwd()): ReplayInput[] {
  return collectInputsAndSkipped(paths, cwd).inputs;
}

export interface RuleBody {
  readonly file: string;
  readonly body: Record<string, unknown>;
  /** The rule has a semantic-match condition (replay warns once when one was evaluated: engine/transcript/semantic.ts). */
  readonly semantic?: boolean;
}

/**
 * CreateRule bodies of a rule input in any shape (engine/rulefiles/load.ts: a file,
 * a folder, a list, DescribeRule responses, CloudFormation templates), each checked
 * as CreateRule checks it: every problem of every rule is one ReplayUsageError. A
 * `Function` in the readable text form is sent as its canonical JSON text.
 */
export function readRuleBodies(path: string, cwd = process.cwd(), onWarning: (message: string) => void = () => {}): RuleBody[] {
  let loaded;
  try {
    loaded = loadRules(path, { cwd });
  } catch (err) {
    if (err instanceof RuleInputError) throw new ReplayUsageError(err.message);
    throw err;
  }
  loaded.warnings.forEach(onWarning);
  const { rules, problems } = checkRuleSet(loaded.rules);
  if (problems.length) throw new ReplayUsageError(problems.join('\n'));
  return rules.map(({ rule, document }) => ({ file: whereIs(rule), body: createRuleBody(rule), ...(hasSemanticCondition(document) ? { semantic: true } : {}) }));
}

/** The stand-in warning (engine/transcript/semantic.ts), when an event of the source of a rule with a semantic condition was evaluated. */
export function semanticWarning(bodies: readonly RuleBody[], entries: readonly ReplayEntry[]): string | undefined {
  const sources = new Set(bodies.filter((b) => b.semantic).map((b) => (b.body.TriggerEventSource as { EventSourceName?: string } | undefined)?.EventSourceName));
  return entries.some((e) => (e.rulesEvaluated ?? 0) > 0 && sources.has(e.source)) ? semanticStandInWarning() : undefined;
}

export interface LoadedRule {
  readonly file: string;
  readonly name: string;
  readonly source: EventSourceName;
  readonly publishStatus: string;
  readonly ruleId: string;
  /** `updated`: a rule of that name existed (a persistent --endpoint) and was updated to this body. */
  readonly how: 'created' | 'updated';
}

/**
 * Creates the rules in an instance through the rules API service (the same
 * validation and storage as CreateRule). A name already taken (a DynamoDB that
 * outlives the run) is updated to the given body instead. A body the API refuses is
 * a ReplayUsageError naming the file.
 */
export async function loadRulesInto(service: RulesService, instanceId: string, bodies: readonly RuleBody[], caller: string): Promise<LoadedRule[]> {
  const out: LoadedRule[] = [];
  for (const { file, body } of bodies) {
    const name = String(body.Name);
    const source = (isObject(body.TriggerEventSource) ? body.TriggerEventSource.EventSourceName : undefined) as EventSourceName;
    try {
      const created = await service.createRule(instanceId, body, caller);
      out.push({ file, name, source, publishStatus: String(body.PublishStatus), ruleId: created.RuleId, how: 'created' });
    } catch (err) {
      if (err instanceof InvalidRequestException) throw new ReplayUsageError(`${file}: ${err.message}`);
      if (!(err instanceof ResourceConflictException)) throw err;
      const existing = await findRuleByName(service, instanceId, name);
      if (!existing) throw new ReplayUsageError(`${file}: ${err.message}`);
      const { Name, Function, Actions, PublishStatus, PreEvaluationFilters } = body as Record<string, unknown>;
      try {
        await service.updateRule(instanceId, existing, { Name, Function, Actions, PublishStatus, ...(PreEvaluationFilters ? { PreEvaluationFilters } : {}) }, caller);
      } catch (e) {
        if (e instanceof InvalidRequestException) throw new ReplayUsageError(`${file}: ${e.message}`);
        throw e;
      }
      out.push({ file, name, source, publishStatus: String(body.PublishStatus), ruleId: existing, how: 'updated' });
    }
  }
  return out;
}

async function findRuleByName(service: RulesService, instanceId: string, name: string): Promise<string | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await service.listRules(instanceId, { maxResults: '100', ...(nextToken ? { nextToken } : {}) });
    const hit = page.RuleSummaryList.find((r) => r.Name === name);
    if (hit) return hit.RuleId;
    nextToken = page.NextToken;
  } while (nextToken);
  return undefined;
}

/** Instance ids a payload names (to load the rules into, and as the default for payloads that name none). */
export function instanceHints(payload: unknown, out = new Set<string>()): Set<string> {
  const visit = (v: unknown, depth: number) => {
    if (depth > 6 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    for (const key of ['InstanceId', 'instanceId']) {
      const id = o[key];
      if (typeof id === 'string' && id !== '') out.add(id.startsWith('arn:') ? (instanceIdFromArn(id) ?? id) : id);
    }
    // A DescribeContact response names its instance only in the contact's Arn.
    for (const key of ['InstanceARN', 'instanceArn', 'Arn']) {
      const arn = o[key];
      if (key === 'Arn' && !(typeof arn === 'string' && /:instance\/[^/]+\/contact\//.test(arn))) continue;
      const id = typeof arn === 'string' ? instanceIdFromArn(arn) : undefined;
      if (id) out.add(id);
    }
    for (const [key, value] of Object.entries(o)) {
      if (key === 'Transcript' || key === 'Segments') continue;
      if (key === 'data' && typeof value === 'string') {
        // a Kinesis record: the base64 JSON payload
        try {
          visit(JSON.parse(Buffer.from(value, 'base64').toString('utf8')), depth + 1);
        } catch {
          // not JSON: no hint
        }
        continue;
      }
      if (key === 'body' && typeof value === 'string') {
        try {
          visit(JSON.parse(value), depth + 1);
        } catch {
          // not JSON: no hint
        }
        continue;
      }
      visit(value, depth + 1);
    }
  };
  visit(payload, 0);
  return out;
}

// ---------------------------------------------------------------- the report

export interface ReplayAction {
  readonly rule: string;
  readonly type: string;
  readonly status: string;
  readonly detail: string;
  /** The resolved request of the action (variables injected), as backtest shows it. */
  readonly request?: Readonly<Record<string, unknown>>;
}

export interface ReplayEntry {
  /** The file (and `#n` for the n-th payload of a file holding several). */
  readonly file: string;
  readonly input: InputKind;
  readonly status: IngestStatus;
  readonly source?: string;
  readonly instanceId?: string;
  readonly contactId?: string;
  readonly matchedRules: readonly string[];
  readonly actions: readonly ReplayAction[];
  readonly rulesEvaluated?: number;
  readonly alreadyFired?: readonly string[];
  /** Rules not evaluated: the contact began before they were published (only with CONNECT_RULES_NEW_CONTACTS_ONLY=true). */
  readonly beganBeforePublished?: readonly string[];
  /** Which contact record a contact-based event was joined with. */
  readonly contactRecord?: string;
  /** Why an evaluation happened later than its file's arrival. */
  readonly trigger?: string;
  /** Cascades: the depth of an event emitted by an action. */
  readonly depth?: number;
  readonly detail?: string;
  readonly error?: { readonly reason: string; readonly message: string };
}

const actionOf = (a: ActionReport): ReplayAction => ({ rule: a.rule, type: a.type, status: a.status, detail: a.detail, ...(a.request ? { request: a.request } : {}) });

function evaluationEntry(e: Evaluation, result: IngestResult): ReplayEntry {
  return {
    file: e.label ?? result.label,
    input: result.kind,
    status: 'evaluated',
    source: e.source,
    instanceId: e.instanceId,
    ...(e.contactId ? { contactId: e.contactId } : {}),
    matchedRules: [...e.matchedRules],
    actions: e.actions.map(actionOf),
    rulesEvaluated: e.rulesEvaluated,
    ...(e.alreadyFired?.length ? { alreadyFired: [...e.alreadyFired] } : {}),
    ...(e.beganBeforePublished?.length ? { beganBeforePublished: [...e.beganBeforePublished] } : {}),
    ...(e.contactRecord ? { contactRecord: e.contactRecord } : {}),
    ...(e.trigger ? { trigger: e.trigger } : {}),
    ...(e.depth > 0 ? { depth: e.depth } : {}),
  };
}

/** Report entries of one ingest result: the input itself unless evaluated, then one per evaluation. */
export function entriesOf(result: IngestResult): ReplayEntry[] {
  const own: ReplayEntry = {
    file: result.label,
    input: result.kind,
    status: result.status,
    ...(result.source ? { source: result.source } : {}),
    ...(result.instanceId ? { instanceId: result.instanceId } : {}),
    ...(result.contactId ? { contactId: result.contactId } : {}),
    matchedRules: [],
    actions: [],
    ...(result.detail ? { detail: result.detail } : {}),
    ...(result.error ? { error: result.error } : {}),
  };
  const evaluations = result.evaluations.map((e) => evaluationEntry(e, result));
  return result.status === 'evaluated' && evaluations.length > 0 ? evaluations : [own, ...evaluations];
}

export interface ReplaySummary {
  readonly files: number;
  readonly entries: number;
  readonly evaluated: number;
  readonly rulesEvaluated: number;
  readonly matches: number;
  readonly actions: number;
  readonly actionsByStatus: Readonly<Record<string, number>>;
  readonly stored: number;
  readonly pending: number;
  readonly duplicates: number;
  readonly ignored: number;
  readonly errors: number;
  readonly bySource: Readonly<Record<string, { evaluated: number; matches: number; actions: number }>>;
}

export function summarize(entries: readonly ReplayEntry[], files: number): ReplaySummary {
  const count = (s: IngestStatus) => entries.filter((e) => e.status === s).length;
  const evaluated = entries.filter((e) => e.status === 'evaluated');
  const actionsByStatus: Record<string, number> = {};
  const bySource: Record<string, { evaluated: number; matches: number; actions: number }> = {};
  for (const e of evaluated) {
    for (const a of e.actions) actionsByStatus[a.status] = (actionsByStatus[a.status] ?? 0) + 1;
    const s = (bySource[e.source ?? 'unknown'] ??= { evaluated: 0, matches: 0, actions: 0 });
    s.evaluated++;
    s.matches += e.matchedRules.length;
    s.actions += e.actions.length;
  }
  return {
    files,
    entries: entries.length,
    evaluated: evaluated.length,
    rulesEvaluated: evaluated.reduce((n, e) => n + (e.rulesEvaluated ?? 0), 0),
    matches: evaluated.reduce((n, e) => n + e.matchedRules.length, 0),
    actions: evaluated.reduce((n, e) => n + e.actions.length, 0),
    actionsByStatus,
    stored: count('stored'),
    pending: count('pending'),
    duplicates: count('duplicate'),
    ignored: count('ignored'),
    errors: count('error'),
    bySource,
  };
}

export interface ReplayProgress {
  (done: number, total: number, label: string): void;
}

/**
 * Feeds the inputs in order through the ingestor (each file: read, parse, dispatch;
 * a bad file is an `error` entry and the run goes on), then evaluates what is still
 * pending.
 */
export async function replayFiles(
  ingestor: Ingestor,
  inputs: readonly (ReplayInput & { readonly payload?: unknown; readonly parseError?: Error })[],
  options: { readonly progress?: ReplayProgress } = {},
): Promise<ReplayEntry[]> {
  const entries: ReplayEntry[] = [];
  for (const [i, input] of inputs.entries()) {
    options.progress?.(i, inputs.length, input.label);
    if (input.parseError) {
      entries.push(...entriesOf(ingestor.errorResult(input.parseError, 'unknown', input.label)));
      continue;
    }
    const results = await ingestor.dispatch(input.payload, { label: input.label, ref: { kind: 'file', path: input.path } });
    for (const r of results) entries.push(...entriesOf(r));
  }
  options.progress?.(inputs.length, inputs.length, '');
  for (const r of await ingestor.sweep('all', 10_000)) entries.push(...entriesOf(r));
  return entries;
}
