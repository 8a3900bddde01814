/**
 * What a push would do, by rule Name: create the rules the instance lacks, update
 * those whose Function, Actions, PublishStatus or PreEvaluationFilters differ,
 * delete (only with prune) those the files lack, leave the rest. Functions are
 * compared as canonical JSON (spacing and key order do not count), actions as a
 * set (CloudFormation keeps no order between action types). A rule whose event
 * source changed is replaced (UpdateRule cannot change TriggerEventSource).
 * Tags are compared but never pushed (README: set when a rule is created): the plan
 * lists each difference as not pushed, so "matches the files" is never said over one.
 *
 * The readable plan shows what changed, not whole blobs: the function's lines in
 * the text form (docs/text-form.md) with `-`/`+`, each action removed or added.
 */
import { createHash } from 'node:crypto';
import { diffLines } from 'diff';
import { isEventSourceName } from '../../grammar/catalogue/index.ts';
import { parseFunction } from '../../grammar/parse.ts';
import { printFunction } from '../../grammar/print.ts';
import { printText } from '../../grammar/text/index.ts';
import { canonicalJson } from '../context/json.ts';
import type { RemoteRule } from './connect.ts';

type Body = Readonly<Record<string, unknown>>;

export type ChangedField = 'Function' | 'Actions' | 'PublishStatus' | 'PreEvaluationFilters' | 'TriggerEventSource';

export interface RuleChange {
  readonly name: string;
  /** The instance's rule (update, delete). */
  readonly ruleId?: string;
  /** The body from the files (create, update). */
  readonly local?: Body;
  readonly remote?: Body;
  /** Where the rule is in the files: for an update, the files the changed fields are in. */
  readonly where?: string;
  readonly changed: readonly ChangedField[];
  /** The event source changed: DeleteRule then CreateRule. */
  readonly replace?: boolean;
}

export interface Plan {
  readonly create: RuleChange[];
  readonly update: RuleChange[];
  readonly delete: RuleChange[];
  readonly unchanged: string[];
  /** In the instance, not in the files, and kept (no prune). */
  readonly kept: string[];
  /** Rules in both whose Tags differ: shown, not pushed (tags are set when a rule is created). */
  readonly tagsNotPushed: TagDifference[];
}

export interface TagDifference {
  readonly name: string;
  readonly where: string;
  /** The two sides' Tags, as canonical JSON (what the plan prints). */
  readonly remote: string;
  readonly local: string;
}

/** No Tags and empty Tags are the same (DescribeRule answers `{}` for a rule created with none). */
const tagsOf = (body: Body): string => canonicalJson(body.Tags && Object.keys(body.Tags).length ? body.Tags : {});
const TAGS_NOT_PUSHED = 'not pushed: tags are set when a rule is created';

const canonicalFunction = (fn: unknown): string => {
  if (typeof fn !== 'string') return canonicalJson(fn);
  const { document } = parseFunction(fn);
  return document ? printFunction(document) : fn;
};
const actionSet = (actions: unknown): string[] => (Array.isArray(actions) ? actions.map(canonicalJson).sort() : []);

/** Per field: are the two bodies the same? A table, so a new field to compare is one row. */
const COMPARE: Readonly<Record<ChangedField, (a: Body, b: Body) => boolean>> = {
  TriggerEventSource: (a, b) => canonicalJson(a.TriggerEventSource) === canonicalJson(b.TriggerEventSource),
  Function: (a, b) => canonicalFunction(a.Function) === canonicalFunction(b.Function),
  Actions: (a, b) => canonicalJson(actionSet(a.Actions)) === canonicalJson(actionSet(b.Actions)),
  PublishStatus: (a, b) => a.PublishStatus === b.PublishStatus,
  PreEvaluationFilters: (a, b) => canonicalJson(a.PreEvaluationFilters ?? null) === canonicalJson(b.PreEvaluationFilters ?? null),
};

/** A rule of the files: its body, where it is, and where its Function is when that is another file (a `NAME.txt` beside `NAME.json`). */
export interface LocalRule {
  readonly body: object;
  readonly where: string;
  readonly functionWhere?: string;
}

/** The files an update's changes are in (a create's: `all` of them): a change of the Function alone is in the Function's own file. */
function whereChanged({ where, functionWhere }: LocalRule, changed: readonly ChangedField[] | 'all'): string {
  if (functionWhere === undefined) return where;
  if (changed === 'all') return `${where}, ${functionWhere}`;
  if (!changed.includes('Function')) return where;
  return changed.every((field) => field === 'Function') ? functionWhere : `${where}, ${functionWhere}`;
}

/**
 * `local`: CreateRule bodies as the files hold them. A ClientToken there is dropped,
 * here and only here: the push makes its own from the content (clientTokenFor).
 */
export function computePlan(local: readonly LocalRule[], remote: readonly RemoteRule[], options: { prune: boolean }): Plan {
  const plan: Plan = { create: [], update: [], delete: [], unchanged: [], kept: [], tagsNotPushed: [] };
  const remoteByName = new Map(remote.map((r) => [String(r.body.Name), r]));
  const localNames = new Set<string>();
  for (const rule of local) {
    const { body: given, where } = rule;
    const { ClientToken: _, ...body } = given as Body;
    const name = String(body.Name);
    localNames.add(name);
    const existing = remoteByName.get(name);
    if (!existing) {
      plan.create.push({ name, local: body, where: whereChanged(rule, 'all'), changed: [] });
      continue;
    }
    const tags = { remote: tagsOf(existing.body), local: tagsOf(body) };
    if (tags.local !== tags.remote) plan.tagsNotPushed.push({ name, where, ...tags });
    const changed = (Object.keys(COMPARE) as ChangedField[]).filter((field) => !COMPARE[field](body, existing.body));
    if (changed.length === 0) plan.unchanged.push(name);
    else plan.update.push({ name, ruleId: existing.ruleId, local: body, remote: existing.body, where: whereChanged(rule, changed), changed, ...(changed.includes('TriggerEventSource') ? { replace: true } : {}) });
  }
  for (const r of remote) {
    const name = String(r.body.Name);
    if (localNames.has(name)) continue;
    if (options.prune) plan.delete.push({ name, ruleId: r.ruleId, remote: r.body, changed: [] });
    else plan.kept.push(name);
  }
  return plan;
}

/** `--json`: the names in each group (and `tagsNotPushed` when some rule's Tags differ). */
export function planSummary(plan: Plan): { create: string[]; update: string[]; delete: string[]; unchanged: string[]; tagsNotPushed?: string[] } {
  return {
    create: plan.create.map((c) => c.name),
    update: plan.update.map((c) => c.name),
    delete: plan.delete.map((c) => c.name),
    unchanged: [...plan.unchanged],
    ...(plan.tagsNotPushed.length ? { tagsNotPushed: plan.tagsNotPushed.map((t) => t.name) } : {}),
  };
}

export const isEmpty = (plan: Plan): boolean => plan.create.length + plan.update.length + plan.delete.length === 0;

/**
 * The ClientToken of a CreateRule: a hash of the instance and the body (a plan's,
 * without a ClientToken), so a push retried (by the SDK, or run again after a lost
 * response) never creates twice.
 */
export function clientTokenFor(instanceId: string, body: Body): string {
  return createHash('sha256').update(canonicalJson({ InstanceId: instanceId, ...body })).digest('hex');
}

// ---------------------------------------------------------------------------
// the readable plan

/** The function in the text form, one condition a line (so a diff shows conditions); the JSON when it does not parse. */
function functionLines(body: Body | undefined): string {
  const fn = body?.Function;
  if (typeof fn !== 'string') return '';
  const { document } = parseFunction(fn);
  if (!document) return `${fn}\n`;
  const source = (body?.TriggerEventSource as { EventSourceName?: string } | undefined)?.EventSourceName;
  // Without its `on` line: the plan names the event source itself.
  return printText(document, { source: source && isEventSourceName(source) ? source : undefined, width: 1 }).replace(/^on \S+\n/, '');
}

const actionLine = (action: unknown): string => {
  const a = action as Record<string, unknown>;
  const { ActionType, ...rest } = a;
  const detail = Object.values(rest)[0];
  return `${String(ActionType)}${detail && Object.keys(detail as object).length ? ` ${canonicalJson(detail)}` : ''}`;
};

const indent = (text: string, prefix: string) =>
  text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => `${prefix}${l}`);

function describeNew(body: Body): string[] {
  const source = (body.TriggerEventSource as { EventSourceName?: string } | undefined)?.EventSourceName;
  return [
    `    on ${source}, ${String(body.PublishStatus)}`,
    ...indent(functionLines(body), '    | '),
    ...(Array.isArray(body.Actions) ? body.Actions : []).map((a) => `    action ${actionLine(a)}`),
  ];
}

function describeChange(change: RuleChange): string[] {
  const lines: string[] = [];
  const { local = {}, remote = {} } = change;
  if (change.replace) {
    const from = (remote.TriggerEventSource as { EventSourceName?: string } | undefined)?.EventSourceName;
    const to = (local.TriggerEventSource as { EventSourceName?: string } | undefined)?.EventSourceName;
    lines.push(`    event source ${from} → ${to}: replaced (DeleteRule, then CreateRule)`);
  }
  if (change.changed.includes('Function')) {
    lines.push('    function:');
    for (const part of diffLines(functionLines(remote), functionLines(local))) {
      const mark = part.added ? '+ ' : part.removed ? '- ' : '  ';
      lines.push(...indent(part.value, `      ${mark}`));
    }
  }
  if (change.changed.includes('Actions')) {
    const before = (Array.isArray(remote.Actions) ? remote.Actions : []).map(actionLine);
    const after = (Array.isArray(local.Actions) ? local.Actions : []).map(actionLine);
    lines.push('    actions:');
    for (const a of before) if (!after.includes(a)) lines.push(`      - ${a}`);
    for (const a of after) if (!before.includes(a)) lines.push(`      + ${a}`);
    if (before.every((a) => after.includes(a)) && after.every((a) => before.includes(a))) lines.push('      (the same actions, in another order)');
  }
  if (change.changed.includes('PublishStatus')) lines.push(`    PublishStatus: ${String(remote.PublishStatus)} → ${String(local.PublishStatus)}`);
  if (change.changed.includes('PreEvaluationFilters')) lines.push(`    PreEvaluationFilters: ${canonicalJson(remote.PreEvaluationFilters ?? null)} → ${canonicalJson(local.PreEvaluationFilters ?? null)}`);
  return lines;
}

export function formatPlan(plan: Plan, header: string): string {
  const lines = [header, ''];
  for (const c of plan.create) lines.push(`+ create ${c.name}  (${c.where})`, ...describeNew(c.local!));
  for (const c of plan.update) lines.push(`~ update ${c.name}  (${c.where})`, ...describeChange(c));
  for (const c of plan.delete) lines.push(`- delete ${c.name}  (rule ${c.ruleId}, not in the files)`);
  if (plan.unchanged.length) lines.push(`= unchanged: ${plan.unchanged.join(', ')}`);
  if (plan.kept.length) lines.push(`  not in the files, kept (--prune deletes them): ${plan.kept.join(', ')}`);
  for (const t of plan.tagsNotPushed) lines.push(`! tags differ on ${t.name}  (${t.where}; ${TAGS_NOT_PUSHED})`, `    Tags: ${t.remote} → ${t.local}`);
  const tags = plan.tagsNotPushed.length;
  const tagsNote = tags ? `the Tags of ${tags} rule${tags === 1 ? '' : 's'} differ (${TAGS_NOT_PUSHED})` : '';
  lines.push(
    '',
    isEmpty(plan)
      ? tags
        ? `Nothing to push (${plan.unchanged.length} rules), but ${tagsNote}.`
        : `No changes: the instance matches the files (${plan.unchanged.length} rules).`
      : `Plan: ${plan.create.length} to create, ${plan.update.length} to update, ${plan.delete.length} to delete, ${plan.unchanged.length} unchanged${tags ? `; ${tagsNote}` : ''}.`,
  );
  return `${lines.join('\n')}\n`;
}
