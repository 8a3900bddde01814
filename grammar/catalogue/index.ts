/**
 * The condition catalogue of every event source, and path lookup.
 *
 * `resolveCondition` is what both the validator and the compiler call: it finds the
 * row of a `ComparisonValue` (exact paths first, then templates such as
 * `...ContactAttribute.<KEY>` by their longest prefix) and gives the document path
 * of the value, with the template key appended as its last segment.
 */
import { caseCreate, caseUpdate, slaBreach } from './cases.ts';
import { email, postCall, postChat, realTimeCall, realTimeChat } from './contact-lens.ts';
import { contactEvaluation } from './evaluation.ts';
import { metricData } from './metrics.ts';
import { RULE_LIMITS, TEMPLATE_SUFFIX, isTemplatePath } from './rows.ts';
import { salesforceCaseCreate, zendeskTicketCreate, zendeskTicketStatusUpdate } from './third-party.ts';
import { EVENT_SOURCE_NAMES, type ConditionSpec, type EventSourceName, type SourceCatalogue } from './types.ts';

export * from './types.ts';
export { TEMPLATE_KEY, isTemplatePath } from './rows.ts';

/** Sources that no public page documents conditions for: every function is refused. */
const undocumented = (source: EventSourceName): SourceCatalogue => ({
  source,
  prefix: '',
  structure: 'flat',
  conditions: [],
  limits: RULE_LIMITS,
  documented: false,
});

/**
 * The variable packaging sets to 'no' for each source a function does not evaluate
 * (deploy/actions.ts `packagedFunctionDefine`): its catalogue is then left out of the
 * bundle (the readers drop the metrics, third-party, real-time and email rows). Each
 * row of BUILDERS spells the variable out, for esbuild to fold; unbundled it is never set.
 */
export const packagedSourceVar = (source: EventSourceName) => `CONNECT_RULES_PACKAGED_SOURCE_${source}`;

/**
 * The catalogue of a source a packaged function does not evaluate: no rows, so a
 * rule of it (never loaded by this function: it reads only its sources' rules) is
 * refused; `packaged: false` keeps it out of the all-sources lookups below and in
 * grammar/validate.ts.
 */
const notPackaged = (source: EventSourceName): SourceCatalogue => ({ ...undocumented(source), packaged: false });

/** How each source's catalogue is made. */
const BUILDERS: Readonly<Record<EventSourceName, () => SourceCatalogue>> = {
  OnPostCallAnalysisAvailable: process.env.CONNECT_RULES_PACKAGED_SOURCE_OnPostCallAnalysisAvailable === 'no' ? () => notPackaged('OnPostCallAnalysisAvailable') : postCall,
  OnRealTimeCallAnalysisAvailable:
    process.env.CONNECT_RULES_PACKAGED_SOURCE_OnRealTimeCallAnalysisAvailable === 'no' ? () => notPackaged('OnRealTimeCallAnalysisAvailable') : realTimeCall,
  OnRealTimeChatAnalysisAvailable:
    process.env.CONNECT_RULES_PACKAGED_SOURCE_OnRealTimeChatAnalysisAvailable === 'no' ? () => notPackaged('OnRealTimeChatAnalysisAvailable') : realTimeChat,
  OnPostChatAnalysisAvailable: process.env.CONNECT_RULES_PACKAGED_SOURCE_OnPostChatAnalysisAvailable === 'no' ? () => notPackaged('OnPostChatAnalysisAvailable') : postChat,
  OnEmailAnalysisAvailable: process.env.CONNECT_RULES_PACKAGED_SOURCE_OnEmailAnalysisAvailable === 'no' ? () => notPackaged('OnEmailAnalysisAvailable') : email,
  OnZendeskTicketCreate: process.env.CONNECT_RULES_PACKAGED_SOURCE_OnZendeskTicketCreate === 'no' ? () => notPackaged('OnZendeskTicketCreate') : zendeskTicketCreate,
  OnZendeskTicketStatusUpdate:
    process.env.CONNECT_RULES_PACKAGED_SOURCE_OnZendeskTicketStatusUpdate === 'no' ? () => notPackaged('OnZendeskTicketStatusUpdate') : zendeskTicketStatusUpdate,
  OnSalesforceCaseCreate: process.env.CONNECT_RULES_PACKAGED_SOURCE_OnSalesforceCaseCreate === 'no' ? () => notPackaged('OnSalesforceCaseCreate') : salesforceCaseCreate,
  OnContactEvaluationSubmit: process.env.CONNECT_RULES_PACKAGED_SOURCE_OnContactEvaluationSubmit === 'no' ? () => notPackaged('OnContactEvaluationSubmit') : contactEvaluation,
  OnMetricDataUpdate: process.env.CONNECT_RULES_PACKAGED_SOURCE_OnMetricDataUpdate === 'no' ? () => notPackaged('OnMetricDataUpdate') : metricData,
  OnCaseCreate: process.env.CONNECT_RULES_PACKAGED_SOURCE_OnCaseCreate === 'no' ? () => notPackaged('OnCaseCreate') : caseCreate,
  OnCaseUpdate: process.env.CONNECT_RULES_PACKAGED_SOURCE_OnCaseUpdate === 'no' ? () => notPackaged('OnCaseUpdate') : caseUpdate,
  OnSlaBreach: process.env.CONNECT_RULES_PACKAGED_SOURCE_OnSlaBreach === 'no' ? () => notPackaged('OnSlaBreach') : slaBreach,
  OnAlertUpdate: () => undocumented('OnAlertUpdate'),
  OnSchedulePublish: () => undocumented('OnSchedulePublish'),
  OnScheduleUpdate: () => undocumented('OnScheduleUpdate'),
  OnScheduleTimeOffRequestActivity: () => undocumented('OnScheduleTimeOffRequestActivity'),
  OnAfterCallWorkAvailable: () => undocumented('OnAfterCallWorkAvailable'),
  OnAfterChatWorkAvailable: () => undocumented('OnAfterChatWorkAvailable'),
};

/**
 * Every source's catalogue, each made the first time it is read, then kept: a
 * command that checks one function for one source makes that one (building all
 * thirteen was 3-5 ms of `connect-rules eval`'s start, issue 13).
 */
export const CATALOGUE: Readonly<Record<EventSourceName, SourceCatalogue>> = Object.defineProperties(
  {} as Record<EventSourceName, SourceCatalogue>,
  Object.fromEntries(
    Object.entries(BUILDERS).map(([source, build]) => {
      let made: SourceCatalogue | undefined;
      return [source, { enumerable: true, get: () => (made ??= build()) }];
    }),
  ),
);

export function catalogueFor(source: EventSourceName): SourceCatalogue {
  return CATALOGUE[source];
}

/** A `ComparisonValue` matched to its row. */
export interface ResolvedCondition {
  readonly spec: ConditionSpec;
  /** Where the value lives in the canonical event; for a template, ends with the key. */
  readonly docPath: readonly string[];
  /** The key that stands for `<KEY>` in a template path (`CustomerType`), verbatim. */
  readonly key?: string;
}

interface PathIndex {
  readonly exact: ReadonlyMap<string, ConditionSpec>;
  /** Template rows by prefix (with its trailing dot), longest prefix first. */
  readonly templates: readonly { readonly prefix: string; readonly spec: ConditionSpec }[];
}

function indexOf(catalogue: SourceCatalogue): PathIndex {
  const exact = new Map<string, ConditionSpec>();
  const templates: { prefix: string; spec: ConditionSpec }[] = [];
  for (const spec of catalogue.conditions) {
    if (isTemplatePath(spec.path)) templates.push({ prefix: spec.path.slice(0, -TEMPLATE_SUFFIX.length + 1), spec });
    else if (!exact.has(spec.path)) exact.set(spec.path, spec);
  }
  templates.sort((a, b) => b.prefix.length - a.prefix.length);
  return { exact, templates };
}

/** Built once per catalogue, when it is first looked in. */
const INDEXES = new WeakMap<SourceCatalogue, PathIndex>();
const indexFor = (catalogue: SourceCatalogue): PathIndex => {
  let index = INDEXES.get(catalogue);
  if (!index) INDEXES.set(catalogue, (index = indexOf(catalogue)));
  return index;
};

/**
 * The row of `path` in `catalogue`, with the value's document path. Template keys
 * are taken verbatim after the prefix and must be non-empty; how the service
 * escapes dots in keys is UNCONFIRMED, so a key may contain dots.
 */
export function resolveCondition(catalogue: SourceCatalogue, path: string): ResolvedCondition | undefined {
  const index = indexFor(catalogue);
  const spec = index.exact.get(path);
  if (spec) return { spec, docPath: spec.docPath };
  for (const t of index.templates) {
    if (path.length > t.prefix.length && path.startsWith(t.prefix)) {
      const key = path.slice(t.prefix.length);
      return { spec: t.spec, docPath: [...t.spec.docPath, key], key };
    }
  }
  return undefined;
}

export function findCondition(catalogue: SourceCatalogue, comparisonValue: string): ConditionSpec | undefined {
  return resolveCondition(catalogue, comparisonValue)?.spec;
}

/** The documented `ComparisonValue`s of a source, templates written with `<KEY>`, in table order. */
export function listConditionPaths(source: EventSourceName): string[] {
  return [...new Set(CATALOGUE[source].conditions.map((c) => c.path))];
}

/** The sources (other than `except`) whose catalogue has `path`: for "is a condition of X, not Y" messages. */
export function sourcesOfPath(path: string, except?: EventSourceName): EventSourceName[] {
  return EVENT_SOURCE_NAMES.filter((s) => s !== except && CATALOGUE[s].packaged !== false && resolveCondition(CATALOGUE[s], path) !== undefined);
}
