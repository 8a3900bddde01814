/**
 * Amazon Connect Cases events (EventBridge `source: aws.cases`) → `OnCaseCreate`, `OnCaseUpdate` and `OnSlaBreach` trigger events.
 *
 * - Both detail-type spellings are accepted: `Amazon Connect Cases Change` (current)
 *   and `Amazon Connect Cases Event` (2022-2023 pages).
 * - `CASE.CREATED` → OnCaseCreate, `CASE.UPDATED` → OnCaseUpdate; `Case.Fields` is the
 *   event's `case.fields` map (the case after the change), each `{value: {stringValue |
 *   doubleValue | booleanValue | userArnValue | emptyValue}}` read as a string, number or
 *   boolean (`emptyValue` is a missing value).
 * - A related-item event (`RELATED_ITEM.CREATED` / `RELATED_ITEM.UPDATED`) of type `Sla`
 *   (compared case-insensitively) whose SLA status is `Overdue` → OnSlaBreach
 *   [inferred: no separate breach event is documented]. When the event lists
 *   `changedAttributes`, one of them must be the status, so a later edit of an already
 *   overdue SLA does not fire again. The SLA sweeper of the actions engine emits
 *   canonical OnSlaBreach events itself.
 * - Everything else (`CASE.DELETED`, comments, contacts, files...) is ignored.
 *
 * The instance is the one associated with the Cases domain (InstanceDirectory), the
 * domain id being read from `resources` (`…:domain/<domainId>`).
 */
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import { compact, isObject, type JsonObject } from '../context/json.ts';
import type { CaseBody, RelatedItemBody, TriggerEvent } from '../context/types.ts';
import { any, opt, req, struct, type Problem, type Spec } from '../schema/check.ts';
import { readMembers } from './members.ts';
import { resolveInstance, type InstanceDirectory } from './instances.ts';

export const CASES_DETAIL_TYPES = ['Amazon Connect Cases Change', 'Amazon Connect Cases Event'] as const;

export type CasesResult = { readonly events: readonly TriggerEvent[] } | { readonly ignored: string };

const CASE_SOURCES: Readonly<Record<string, EventSourceName>> = {
  'CASE.CREATED': 'OnCaseCreate',
  'CASE.UPDATED': 'OnCaseUpdate',
};

/** A Cases field value (`{stringValue}`, `{doubleValue}`, ...) as the canonical scalar; undefined for `emptyValue`. */
export function caseFieldValue(value: unknown): string | number | boolean | undefined {
  if (!isObject(value)) return undefined;
  for (const key of ['stringValue', 'doubleValue', 'booleanValue', 'userArnValue']) {
    const v = value[key];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  }
  return undefined;
}

/** The Cases domain id of an event (from `resources` or the case ARN). */
export function casesDomainId(event: JsonObject): string | undefined {
  for (const arn of Array.isArray(event.resources) ? event.resources : []) {
    const m = typeof arn === 'string' ? /:domain\/([^/]+)/.exec(arn) : null;
    if (m) return m[1];
  }
  return undefined;
}

// The members this adapter reads, checked by the schema kernel (engine/schema) in
// stages, so that an event ignored for what it is (a comment, an SLA not overdue) is
// not refused for members it never needed. Problems are worded as this adapter always
// has: `missing case`, `missing`, `expected a string, got number`, at a JSON pointer.
// Made by one call marked pure, so that a bundle importing this module only for
// `isCasesEvent` (every EventBridge function, through eventbridge.ts) drops them: esbuild
// keeps a top-level call it cannot prove pure, and all it names.
const SPECS = /* @__PURE__ */ casesSpecs();

function casesSpecs() {
  const STRING: Spec = { kind: 'string' };
  return {
    DETAIL: struct({ detail: req(struct({ eventType: req(STRING), approximateChangeTime: opt(STRING) })) }),
    CASE: struct({ case: req(struct({ fields: opt({ kind: 'map', value: any }), caseId: req(STRING), templateId: opt(STRING) })) }),
    RELATED_ITEM: struct({ relatedItem: req(struct({ relatedItemType: opt(STRING) })) }),
    SLA_STATUS: struct({ slaConfiguration: req(struct({ status: opt(STRING) })) }),
    SLA_ITEM: struct({ relatedItemId: opt(STRING), caseId: opt(STRING) }),
    SLA_CONFIGURATION: struct({ name: req(STRING), type: opt(STRING), fieldId: opt(STRING), targetTime: opt(STRING), completionTime: opt(STRING) }),
  };
}

function problemText(p: Problem): string {
  const last = p.path[p.path.length - 1];
  if (p.spec.kind === 'struct') return `missing ${String(last)}`;
  if (p.code === 'required') return 'missing';
  if (p.spec.kind === 'map') return 'expected a map of field id to {value}';
  return `expected a string, got ${typeof p.received}`;
}

/** The clean copy of `value` (at `base` in the event) against `spec`, or the BadInputError of its first problem, in this adapter's words. */
const read = <T>(spec: Spec, value: unknown, base: readonly string[], label: string): T => readMembers<T>(spec, value, base, label, { word: problemText });

function caseBody(detail: JsonObject, label: string): CaseBody {
  const c = read<{ case: { fields?: JsonObject; caseId: string; templateId?: string } }>(SPECS.CASE, detail, ['detail'], label).case;
  const fields: Record<string, string | number | boolean> = {};
  for (const [id, entry] of Object.entries(c.fields ?? {})) {
    // `{value: {...}}` per the event docs; a bare `{stringValue}` is read too.
    const v = caseFieldValue(isObject(entry) && 'value' in entry ? entry.value : entry);
    if (v !== undefined) fields[id] = v;
  }
  return compact({ CaseId: c.caseId, TemplateId: c.templateId, Fields: fields });
}

function slaConfiguration(item: JsonObject): JsonObject | undefined {
  const candidates = [item.sla, isObject(item.content) ? item.content.sla : undefined, item];
  for (const c of candidates) {
    if (isObject(c) && isObject(c.slaConfiguration)) return c.slaConfiguration;
  }
  return undefined;
}

function slaBody(detail: JsonObject, label: string): RelatedItemBody | string {
  const type = read<{ relatedItem: { relatedItemType?: string } }>(SPECS.RELATED_ITEM, detail, ['detail'], label).relatedItem.relatedItemType;
  if (type?.toLowerCase() !== 'sla') return `related item of type ${type ?? 'unknown'}`;
  const item = detail.relatedItem as JsonObject;
  // Wherever it was found, the SLA is reported at its documented place.
  const at = ['detail', 'relatedItem', 'sla'];
  const sla = slaConfiguration(item);
  const status = read<{ slaConfiguration: { status?: string } }>(SPECS.SLA_STATUS, { slaConfiguration: sla }, at, label).slaConfiguration.status;
  if (status?.toLowerCase() !== 'overdue') return `SLA status ${status ?? 'unknown'}`;
  const changed = Array.isArray(detail.changedAttributes) ? detail.changedAttributes.map(String) : undefined;
  if (changed && changed.length > 0 && !changed.some((a) => /status$/i.test(a))) return 'an overdue SLA whose status did not change';
  const ids = read<{ relatedItemId?: string; caseId?: string }>(SPECS.SLA_ITEM, item, ['detail', 'relatedItem'], label);
  const config = read<Record<string, string | undefined>>(SPECS.SLA_CONFIGURATION, sla, [...at, 'slaConfiguration'], label);
  const targets = Array.isArray(sla!.targetFieldValues) ? sla!.targetFieldValues.map(caseFieldValue).filter((v) => v !== undefined) : undefined;
  return compact({
    RelatedItemId: ids.relatedItemId,
    CaseId: ids.caseId,
    SlaConfiguration: compact({
      Name: config.name!,
      Type: config.type,
      Status: 'Overdue',
      FieldId: config.fieldId,
      TargetFieldValues: targets as never,
      TargetTime: config.targetTime,
      CompletionTime: config.completionTime,
    }),
  });
}

/** Whether an EventBridge event is a Cases event this adapter reads. */
export const isCasesEvent = (event: JsonObject): boolean => event.source === 'aws.cases';

/** The trigger events of one `aws.cases` EventBridge event (the envelope already validated). */
export function casesEventToTriggerEvents(event: JsonObject, directory: InstanceDirectory, label: string): CasesResult {
  const detailType = String(event['detail-type']);
  if (!(CASES_DETAIL_TYPES as readonly string[]).includes(detailType)) return { ignored: `aws.cases ${detailType}` };
  const head = read<{ detail: { eventType: string; approximateChangeTime?: string } }>(SPECS.DETAIL, event, [], label).detail;
  const detail = event.detail as JsonObject;
  const eventType = head.eventType;
  const base = {
    EventId: typeof event.id === 'string' ? event.id : undefined,
    EventTime: head.approximateChangeTime ?? (typeof event.time === 'string' ? event.time : undefined),
  };
  const source = CASE_SOURCES[eventType];
  if (source) {
    const InstanceId = resolveInstance(directory, { casesDomainId: casesDomainId(event) }, `${label} (Cases ${eventType})`);
    return { events: [compact({ EventSourceName: source, InstanceId, ...base, Case: caseBody(detail, label) }) as TriggerEvent] };
  }
  if (eventType === 'RELATED_ITEM.CREATED' || eventType === 'RELATED_ITEM.UPDATED') {
    const body = slaBody(detail, label);
    if (typeof body === 'string') return { ignored: `${eventType}: ${body}` };
    const InstanceId = resolveInstance(directory, { casesDomainId: casesDomainId(event) }, `${label} (Cases ${eventType})`);
    return { events: [compact({ EventSourceName: 'OnSlaBreach' as const, InstanceId, ...base, RelatedItem: body }) as TriggerEvent] };
  }
  return { ignored: `aws.cases ${eventType}` };
}
