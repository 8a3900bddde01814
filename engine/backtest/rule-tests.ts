/**
 * Rule tests (`connect-rules test`, docs/rule-tests.md): a `*.rules-test.json` or
 * `*.rules-test.yaml` file names rules (any shape engine/rulefiles reads, relative
 * to the test file) and cases: an event (a file path or inline JSON) with an
 * optional contact record, and what must happen: the rules that `matches`, those
 * that `doesNotMatch`, and optionally the values the actions would send. A case
 * that disagrees says why with the explain trace of the rule that disagreed.
 */
import { dirname, relative, resolve } from 'node:path';
import type { ActionRequest } from '../actions/preview.ts';
import { formatTrace } from '../compile/trace.ts';
import { buildTriggerEvent, realtimeSnapshots } from '../context/index.ts';
import { isObject } from '../context/json.ts';
import type { TriggerEvent } from '../context/types.ts';
import { detectPayload } from '../ingest/detect.ts';
import { evaluationExportToTriggerEvent } from '../ingest/evaluation.ts';
import { routeEventBridgeEvent } from '../ingest/eventbridge.ts';
import { metricSnapshotToTriggerEvent } from '../ingest/metrics.ts';
import { closest, didYouMean } from '../../grammar/catalogue/suggest.ts';
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import { UserError } from '../../grammar/errors.ts';
import { parseJsonOr, type ProblemPlace } from '../../grammar/json/parse-error.ts';
import { duplicateKeyWarningOf, findDuplicateKey, parseUniqueJsonOr, type DuplicateKey } from '../../grammar/json/duplicate-key.ts';
import { any, dotted, type Segment } from '../schema/check.ts';
import { accountFromEnv, regionFromEnv } from '../../storage/aws-env.ts';
import { RuleSetEvaluator } from './evaluator.ts';
import { Locator, problemText, RuleTestFileError, testFileProblems } from './rule-test-file.ts';
import { loadRuleSet } from './rules.ts';
import { contactRecordTags } from '../rules/pre-evaluation.ts';
import { hasSemanticCondition } from '../transcript/semantic.ts';
import { InputRefusal, readInputFile } from '../rulefiles/read-input.ts';
import { readProblem } from '../rulefiles/read-problem.ts';
import { yamlValue } from '../rulefiles/yaml-problem.ts';

export { RuleTestFileError };

export const TEST_FILE_PATTERN = /\.rules-test\.(json|ya?ml)$/i;

/** An expected action: its rule and type, and values its request must hold (a deep subset). */
export interface ExpectedAction {
  readonly rule: string;
  readonly type: string;
  readonly request?: Readonly<Record<string, unknown>>;
}

export interface RuleTestCase {
  readonly name: string;
  readonly event: unknown;
  readonly eventLabel: string;
  readonly contact?: unknown;
  readonly contactLabel?: string;
  readonly source?: EventSourceName;
  readonly matches: readonly string[];
  readonly doesNotMatch: readonly string[];
  readonly actions: readonly ExpectedAction[];
}

export interface CaseResult {
  readonly name: string;
  readonly passed: boolean;
  /** Why it failed, one paragraph per disagreement (with the trace). */
  readonly failures: readonly string[];
  /** The case could not run (its event is not one): an error, not a failure. */
  readonly error?: string;
  readonly matched: readonly string[];
  readonly seconds: number;
  /** A rule with a semantic-match condition was evaluated (its verdict came from the semantic matcher). */
  readonly semantic?: boolean;
}

export interface FileResult {
  readonly file: string;
  readonly cases: readonly CaseResult[];
  /** The file itself is not a valid test file. */
  readonly error?: string;
  /** RuleTestFile's warnings. */
  readonly warnings?: readonly string[];
  readonly seconds: number;
}

/**
 * The event and contact files of one run (`connect-rules test`), each read once however
 * many cases and test files name it: a 5 MB analysis file of twenty cases is read, and
 * checked for keys written twice, once, and every case of the run judges the same text.
 * Up to `keepBytes` of text is kept; past it a file is read again where named again
 * rather than memory growing with the run (default 64 MiB, far above a real suite's files).
 */
export class RunFiles {
  private readonly read = new Map<string, { readonly text: string; duplicate?: DuplicateKey | null } | { readonly error: unknown }>();
  private kept = 0;

  constructor(private readonly keepBytes = 64 * 1024 * 1024) {}

  /** The text of the file at absolute `path`; its read failure otherwise. */
  text(path: string): { readonly text: string; duplicate?: DuplicateKey | null } {
    let entry = this.read.get(path);
    if (!entry) {
      try {
        const text = readInputFile(path, 'event');
        entry = { text };
        if (this.kept + text.length > this.keepBytes) return entry;
        this.kept += text.length;
      } catch (error) {
        entry = { error };
      }
      this.read.set(path, entry);
    }
    if ('error' in entry) throw entry.error;
    return entry;
  }
}

/** A path relative to the test file, or inline JSON (an object, or a list of segments). */
function input(v: unknown, dir: string, at: readonly Segment[], locator: Locator, files: RunFiles, warn: (warning: string) => void): { value: unknown; label: string } {
  if (typeof v !== 'string') {
    // The kernel has no "string or object" spec: the one type check the Spec leaves, worded by the same table.
    if (isObject(v) || Array.isArray(v)) return { value: v, label: `${locator.label}: ${dotted(at)} (inline)` };
    throw locator.error(at, problemText({ path: at, code: 'type', spec: any, received: v }));
  }
  const path = resolve(dir, v);
  let read: ReturnType<RunFiles['text']>;
  try {
    read = files.text(path);
  } catch (err) {
    throw locator.error(at, `cannot read ${v} (${err instanceof InputRefusal ? err.reason : ((err as NodeJS.ErrnoException).code ?? String(err))})`);
  }
  // Parsed for each case (a case's evaluation may not share another's objects). Placed in the event file, as replay and eval place it: `bad.json:2:7: not valid JSON: unexpected '}'`.
  const value = parseJsonOr(read.text, v, (problem) => locator.error(at, problem));
  // As eval and replay warn: the pipeline reads the last of a key written twice, and so does the test, but a hand-edited file says so.
  // Scanned once a file, and only once it parsed (the scan reads text JSON.parse accepted).
  // The key found is kept, not its words: each test file's warning names the file as that test file wrote its path.
  if (read.duplicate === undefined) read.duplicate = findDuplicateKey(read.text) ?? null;
  if (read.duplicate) warn(duplicateKeyWarningOf(v, read.text, read.duplicate));
  return { value, label: v };
}

/** The shape of a case once TEST_FILE_SPEC passed. */
interface CaseDoc {
  readonly name?: string;
  readonly event: unknown;
  readonly contact?: unknown;
  readonly source?: EventSourceName;
  readonly matches?: readonly string[];
  readonly doesNotMatch?: readonly string[];
  readonly actions?: readonly ExpectedAction[];
}

export interface RuleTestFile {
  readonly file: string;
  /** What the run should say but not fail for: a key written twice in an event or contact file. */
  readonly warnings: readonly string[];
  readonly rules: RuleSetEvaluator;
  readonly ruleNames: ReadonlySet<string>;
  readonly cases: readonly RuleTestCase[];
}

/** The test file's document; a syntax error placed `file:line:col`, one line, as every located message. */
function parseTestFile(text: string, label: string, yaml: boolean): unknown {
  const refuse = (problem: string, at?: ProblemPlace) => new RuleTestFileError(problem, { file: label, ...at });
  // A key written twice is refused in JSON as the yaml package refuses it in YAML (its uniqueKeys, on by default).
  if (!yaml) return parseUniqueJsonOr(text, label, refuse);
  return yamlValue(text, { logLevel: 'error' }, label, refuse);
}

/** Problems of one file as one error, in the order of the file (by line and column), located at the first. */
function allProblems(problems: readonly RuleTestFileError[]): RuleTestFileError {
  const line = (e: RuleTestFileError) => e.location.line ?? Number.MAX_SAFE_INTEGER;
  const sorted = [...problems].sort((a, b) => line(a) - line(b) || (a.location.column ?? 0) - (b.location.column ?? 0));
  return new RuleTestFileError(sorted.map((e) => e.message).join('\n'), sorted[0]!.location);
}

/** The members of a case where they have the shape TEST_FILE_SPEC asks (a malformed one is its problem, reported beside). */
const listAt = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const expected = (v: unknown): number => (Array.isArray(v) ? v.length : v === undefined || v === null ? 0 : 1);

/**
 * Reads and checks a test file and loads its rules; RuleTestFileError (or the rules'
 * RuleInputError when that is the only problem) otherwise. Every problem is listed at
 * once, in the order of the file: the shape's, and the names and files of the cases
 * whose members have their shape (not one round, fix it, then the next). `warnings` hears
 * each warning once (a file several cases use is one warning), also when the file has problems.
 */
export function loadRuleTestFile(path: string, label: string, warnings = new Set<string>(), files = new RunFiles()): RuleTestFile {
  let text: string;
  try {
    text = readInputFile(path, 'rule test').replace(/^\uFEFF/, '');
  } catch (err) {
    // A test file found in a folder that cannot be read (a link to nothing): this file's error, the other files still run.
    throw new RuleTestFileError(`${label}: ${readProblem(path, err)}`, { file: label });
  }
  const doc = parseTestFile(text, label, /\.ya?ml$/i.test(path));
  const locator = new Locator(label, text);
  const problems = testFileProblems(doc, locator);
  const file = (isObject(doc) ? doc : {}) as { rules?: unknown; cases?: unknown };
  const dir = dirname(path);
  const rulesPath = typeof file.rules === 'string' && file.rules !== '' ? file.rules : undefined;
  let set: ReturnType<typeof loadRuleSet> | undefined;
  let rulesError: UserError | undefined;
  if (rulesPath !== undefined) {
    try {
      // Named from the working directory, as the test file is: its problems' lines then point at files the user can open.
      set = loadRuleSet(relative(process.cwd(), resolve(dir, rulesPath)) || '.');
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      rulesError = err;
    }
  }
  const ruleNames = new Set(set?.rules.map((r) => r.Name));
  const noting = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (err) {
      if (!(err instanceof RuleTestFileError)) throw err;
      problems.push(err);
      return undefined;
    }
  };
  const known = (name: unknown, at: readonly Segment[]) => {
    // a name of another type is a shape problem; with no rules loaded, no name can be checked
    if (typeof name !== 'string' || !set || ruleNames.has(name)) return;
    problems.push(locator.error(at, `no rule named ${name} in ${rulesPath}${didYouMean(closest(name, ruleNames)) || ` (it holds ${[...ruleNames].join(', ')})`}`));
  };
  const read = listAt(file.cases).map((doc, i) => {
    if (!isObject(doc)) return undefined;
    const c = doc as { [K in keyof CaseDoc]?: unknown };
    const at: Segment[] = ['cases', i];
    listAt(c.matches).forEach((name, j) => known(name, [...at, 'matches', j]));
    listAt(c.doesNotMatch).forEach((name, j) => known(name, [...at, 'doesNotMatch', j]));
    listAt(c.actions).forEach((a, j) => known(isObject(a) ? a.rule : undefined, [...at, 'actions', j, 'rule']));
    if (expected(c.matches) + expected(c.doesNotMatch) + expected(c.actions) === 0) problems.push(locator.error(at, 'expects nothing (give matches, doesNotMatch or actions)'));
    const event = c.event === undefined ? undefined : noting(() => input(c.event, dir, [...at, 'event'], locator, files, (w) => warnings.add(w)));
    const contact = c.contact === undefined || c.contact === null ? undefined : noting(() => input(c.contact, dir, [...at, 'contact'], locator, files, (w) => warnings.add(w)));
    return { c: c as CaseDoc, event, contact };
  });
  if (rulesError && problems.length === 0) throw rulesError;
  if (rulesError) problems.push(new RuleTestFileError(rulesError.message, { file: label }));
  if (problems.length > 0) throw allProblems(problems);
  // No problem: every case is an object of the shape TEST_FILE_SPEC asks, its event read.
  const cases = read.map((r, i): RuleTestCase => {
    const { c, event, contact } = r!;
    return {
      name: c.name ?? `case ${i + 1}`,
      event: event!.value,
      eventLabel: event!.label,
      ...(contact ? { contact: contact.value, contactLabel: contact.label } : {}),
      ...(c.source ? { source: c.source } : {}),
      matches: c.matches ?? [],
      doesNotMatch: c.doesNotMatch ?? [],
      actions: (c.actions ?? []).map((a) => ({ rule: a.rule, type: a.type, ...(a.request ? { request: a.request } : {}) })),
    };
  });
  return { file: label, warnings: [...warnings], rules: new RuleSetEvaluator(set!.rules), ruleNames, cases };
}

/** The instance of test events that name none (Cases, tickets, snapshots). */
const TEST_INSTANCE = 'rules-test-instance';

/**
 * The trigger events of a case's input: a canonical event, an analysis file or
 * segments (joined with the contact record), an evaluation export, a metric
 * snapshot, or an EventBridge event (Cases, tickets, contact events...).
 */
function triggerEventsOf(c: RuleTestCase): TriggerEvent[] {
  const directory = { defaultInstanceId: TEST_INSTANCE };
  switch (detectPayload(c.event)) {
    case 'evaluation-export':
      return [evaluationExportToTriggerEvent(c.event, c.contact, { file: c.eventLabel, contactFile: c.contactLabel ?? 'contact', instanceId: TEST_INSTANCE })];
    case 'metric-snapshot':
      return [metricSnapshotToTriggerEvent(c.event, { file: c.eventLabel, instanceId: TEST_INSTANCE })];
    case 'eventbridge-event': {
      const route = routeEventBridgeEvent(c.event, directory, c.eventLabel);
      return route.kind === 'trigger' ? [...route.events] : [];
    }
    default: {
      const input = { event: c.event, contact: c.contact, source: c.source, eventFile: c.eventLabel, contactFile: c.contactLabel ?? 'contact' };
      // Real-time segments: each state the pipeline evaluates (after each SEGMENTS record); a rule that held at any of them has fired.
      const stream = realtimeSnapshots(input);
      if (stream && stream.snapshots.length === 0) throw new Error(`${c.eventLabel}: no SEGMENTS record: the pipeline evaluates no rule on these records`);
      return stream ? stream.snapshots.map((s) => s.event) : [buildTriggerEvent(input)];
    }
  }
}

/** Whether `actual` holds every value of `expected` (objects: a subset, recursively; lists and scalars: equal). */
export function holds(actual: unknown, expected: unknown): boolean {
  if (isObject(expected)) return isObject(actual) && Object.entries(expected).every(([k, v]) => holds(actual[k], v));
  return JSON.stringify(actual) === JSON.stringify(expected);
}

export function runCase(test: RuleTestFile, c: RuleTestCase): CaseResult {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  let events: TriggerEvent[];
  try {
    events = triggerEventsOf(c);
  } catch (err) {
    return { name: c.name, passed: false, failures: [], error: (err as Error).message, matched: [], seconds: seconds() };
  }
  if (events.length === 0) return { name: c.name, passed: false, failures: [], error: `${c.eventLabel}: no trigger event in it (an event no rule source reads)`, matched: [], seconds: seconds() };
  // An input with several events (a Cases change of two sources, a live contact's states): the first event a rule matches is
  // its event; one it matches none of is judged on the last that evaluated it (a live contact's latest state).
  const outcomes = events.map((e) => ({ event: e, outcome: test.rules.evaluate(e, contactRecordTags(c.contact)) }));
  const eventOf = (rule: string) =>
    outcomes.find((o) => o.outcome.matched.includes(rule))?.event ?? [...outcomes].reverse().find((o) => o.outcome.evaluated.includes(rule))?.event ?? events[0]!;
  const outcome = { matched: outcomes.flatMap((o) => o.outcome.matched), errors: outcomes.flatMap((o) => o.outcome.errors) };
  const matched = new Set(outcome.matched);
  const failures: string[] = [];
  const trace = (rule: string) => {
    const event = eventOf(rule);
    const explained = test.rules.explain(event).find((r) => r.rule === rule);
    return explained ? formatTrace(explained.trace, '    ') : `    (${rule} is a rule of ${test.rules.rule(rule)?.TriggerEventSource.EventSourceName}, not of ${event.EventSourceName})`;
  };
  // once each: a rule that throws on a live contact throws on each of its states
  for (const line of new Set(outcome.errors.map((e) => `${e.rule}: its evaluation failed: ${e.message}`))) failures.push(line);
  for (const rule of c.matches) if (!matched.has(rule)) failures.push(`expected ${rule} to match; it did not:\n${trace(rule)}`);
  for (const rule of c.doesNotMatch) if (matched.has(rule)) failures.push(`expected ${rule} not to match; it did:\n${trace(rule)}`);
  for (const want of c.actions) {
    const event = eventOf(want.rule);
    const instanceArn = `arn:aws:connect:${regionFromEnv()}:${accountFromEnv()}:instance/${event.InstanceId}`;
    if (!matched.has(want.rule)) {
      if (!c.matches.includes(want.rule)) failures.push(`expected an action ${want.type} of ${want.rule}, which did not match:\n${trace(want.rule)}`);
      continue;
    }
    const actual: ActionRequest[] = test.rules.actions(want.rule, event, instanceArn).filter((a) => a.type === want.type);
    if (actual.length === 0) failures.push(`expected an action ${want.type} of ${want.rule}; the rule has none`);
    else if (want.request && !actual.some((a) => holds(a.request, want.request))) {
      failures.push(
        `the ${want.type} action of ${want.rule} would send other values:\n    expected (at least): ${JSON.stringify(want.request)}\n` +
          actual.map((a) => `    actual: ${JSON.stringify(a.request)}`).join('\n'),
      );
    }
  }
  const semantic = outcomes.some((o) => o.outcome.evaluated.some((name) => hasSemanticCondition(test.rules.rule(name)!.document)));
  return { name: c.name, passed: failures.length === 0, failures, matched: [...matched], seconds: seconds(), ...(semantic ? { semantic } : {}) };
}

/** Runs every case of a test file (its event and contact files read through the run's `files`); a file that is not a valid test file is a result with `error`. */
export function runTestFile(path: string, label: string, files = new RunFiles()): FileResult {
  const started = performance.now();
  const warnings = new Set<string>();
  // said with the file's problems too: a duplicate key is no problem of the test file, but still true
  const warned = () => (warnings.size > 0 ? { warnings: [...warnings] } : {});
  try {
    const test = loadRuleTestFile(path, label, warnings, files);
    const cases = test.cases.map((c) => runCase(test, c));
    return { file: label, cases, ...warned(), seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    if (err instanceof UserError) return { file: label, cases: [], error: err.message, ...warned(), seconds: (performance.now() - started) / 1000 };
    throw err;
  }
}
