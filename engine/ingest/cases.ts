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
import { BadInputError } from './errors.ts';
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

function fail(label: string, pointer: string, problem: string): never {
  throw new BadInputError('invalid-payload', `${label}: ${problem} (at ${pointer})`, pointer);
}

function str(v: unknown, label: string, pointer: string, required = false): string | undefined {
  if (v === undefined || v === null) return required ? fail(label, pointer, 'missing') : undefined;
  return typeof v === 'string' ? v : fail(label, pointer, `expected a string, got ${typeof v}`);
}

function caseBody(detail: JsonObject, label: string): CaseBody {
  const c = isObject(detail.case) ? detail.case : fail(label, '/detail/case', 'missing case');
  const fields: Record<string, string | number | boolean> = {};
  if (c.fields !== undefined && c.fields !== null) {
    if (!isObject(c.fields)) fail(label, '/detail/case/fields', 'expected a map of field id to {value}');
    for (const [id, entry] of Object.entries(c.fields)) {
      // `{value: {...}}` per the event docs; a bare `{stringValue}` is read too.
      const v = caseFieldValue(isObject(entry) && 'value' in entry ? entry.value : entry);
      if (v !== undefined) fields[id] = v;
    }
  }
  return compact({
    CaseId: str(c.caseId, label, '/detail/case/caseId', true),
    TemplateId: str(c.templateId, label, '/detail/case/templateId'),
    Fields: fields,
  });
}

function slaConfiguration(item: JsonObject): JsonObject | undefined {
  const candidates = [item.sla, isObject(item.content) ? item.content.sla : undefined, item];
  for (const c of candidates) {
    if (isObject(c) && isObject(c.slaConfiguration)) return c.slaConfiguration;
  }
  return undefined;
}

function slaBody(detail: JsonObject, label: string): RelatedItemBody | string {
  const item = isObject(detail.relatedItem) ? detail.relatedItem : fail(label, '/detail/relatedItem', 'missing relatedItem');
  const type = str(item.relatedItemType, label, '/detail/relatedItem/relatedItemType');
  if (type?.toLowerCase() !== 'sla') return `related item of type ${type ?? 'unknown'}`;
  const sla = slaConfiguration(item) ?? fail(label, '/detail/relatedItem/sla/slaConfiguration', 'missing slaConfiguration');
  const status = str(sla.status, label, '/detail/relatedItem/sla/slaConfiguration/status');
  if (status?.toLowerCase() !== 'overdue') return `SLA status ${status ?? 'unknown'}`;
  const changed = Array.isArray(detail.changedAttributes) ? detail.changedAttributes.map(String) : undefined;
  if (changed && changed.length > 0 && !changed.some((a) => /status$/i.test(a))) return 'an overdue SLA whose status did not change';
  const targets = Array.isArray(sla.targetFieldValues) ? sla.targetFieldValues.map(caseFieldValue).filter((v) => v !== undefined) : undefined;
  return compact({
    RelatedItemId: str(item.relatedItemId, label, '/detail/relatedItem/relatedItemId'),
    CaseId: str(item.caseId, label, '/detail/relatedItem/caseId'),
    SlaConfiguration: compact({
      Name: str(sla.name, label, '/detail/relatedItem/sla/slaConfiguration/name', true)!,
      Type: str(sla.type, label, '/detail/relatedItem/sla/slaConfiguration/type'),
      Status: 'Overdue',
      FieldId: str(sla.fieldId, label, '/detail/relatedItem/sla/slaConfiguration/fieldId'),
      TargetFieldValues: targets as never,
      TargetTime: str(sla.targetTime, label, '/detail/relatedItem/sla/slaConfiguration/targetTime'),
      CompletionTime: str(sla.completionTime, label, '/detail/relatedItem/sla/slaConfiguration/completionTime'),
    }),
  });
}

/** Whether an EventBridge event is a Cases event this adapter reads. */
export const isCasesEvent = (event: JsonObject): boolean => event.source === 'aws.cases';

/** The trigger events of one `aws.cases` EventBridge event (the envelope already validated). */
export function casesEventToTriggerEvents(event: JsonObject, directory: InstanceDirectory, label: string): CasesResult {
  const detailType = String(event['detail-type']);
  if (!(CASES_DETAIL_TYPES as readonly string[]).includes(detailType)) return { ignored: `aws.cases ${detailType}` };
  const detail = isObject(event.detail) ? event.detail : fail(label, '/detail', 'missing detail');
  const eventType = str(detail.eventType, label, '/detail/eventType', true)!;
  const base = {
    EventId: typeof event.id === 'string' ? event.id : undefined,
    EventTime: str(detail.approximateChangeTime, label, '/detail/approximateChangeTime') ?? (typeof event.time === 'string' ? event.time : undefined),
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
