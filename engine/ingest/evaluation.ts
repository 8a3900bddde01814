/**
 * A submitted contact evaluation → `OnContactEvaluationSubmit`. The input is the
 * evaluation export file Amazon Connect writes to S3 when an evaluation is submitted
 * (`…/Evaluations/YYYY/MM/DD/<time>-<evaluationId>.json`, schemaVersion 3.x,
 * the Contact Lens output bucket); like an analysis file it is joined with the contact
 * record of its contact (agent hierarchy, queue, attributes, durations).
 *
 * | canonical member | export file |
 * |---|---|
 * | `ContactId` | `metadata.contactId` |
 * | `EvaluationId` | `evaluationId` |
 * | `Form.FormId` | `metadata.evaluationDefinitionId` (the evaluation form) |
 * | `Form.Score` | `metadata.score.percentage` |
 * | `Sections.<sectionRefId>.Score` | `sections[].score.percentage` (not-applicable sections are left out) |
 * | `Questions.<questionRefId>.Answer.Value` | `questions[].answer.value` (numeric questions) |
 * | `Questions.<questionRefId>.Answer.ValueRefId` | the `valueRefId` of the selected `questions[].answer.values[]` (single select) |
 * | `Agent.AgentId` | `metadata.agentId` (an id, or the id of an ARN) |
 * | the other contact members | the contact record, when there is one |
 */
import { loadEvaluationEvent } from '../context/canonical.ts';
import { canonicalInputToTriggerEvent } from '../context/join.ts';
import { compact, idFromArn, instanceIdFromArn, isObject, Reader, type JsonObject } from '../context/json.ts';
import type { TriggerEvent } from '../context/types.ts';

/** Whether `v` looks like an evaluation export file. */
export function looksLikeEvaluationExport(v: unknown): boolean {
  return isObject(v) && typeof v.evaluationId === 'string' && isObject(v.metadata) && ('questions' in v || 'sections' in v || 'schemaVersion' in v);
}

export interface EvaluationIdentity {
  readonly evaluationId: string;
  readonly contactId: string;
  readonly instanceId?: string;
}

/** The evaluation, contact and instance ids of an export file (InputFormatError when missing). */
export function evaluationIdentity(v: unknown, file: string): EvaluationIdentity {
  const r = new Reader(file);
  const doc = r.object(v, '') ?? r.fail('', 'expected an evaluation export file (a JSON object)');
  const metadata = r.object(doc.metadata, '/metadata') ?? r.fail('/metadata', 'missing metadata');
  const instance = r.string(metadata.instanceId, '/metadata/instanceId');
  return compact({
    evaluationId: r.string(doc.evaluationId, '/evaluationId') ?? r.fail('/evaluationId', 'missing evaluationId'),
    contactId: r.string(metadata.contactId, '/metadata/contactId') ?? r.fail('/metadata/contactId', 'missing metadata.contactId'),
    instanceId: instance?.startsWith('arn:') ? instanceIdFromArn(instance) : instance,
  });
}

/**
 * The canonical OnContactEvaluationSubmit event of an export file, with the contact
 * record's members when `contact` (a CTR or DescribeContact response) is given.
 */
export function evaluationExportToTriggerEvent(
  v: unknown,
  contact: unknown,
  options: { file: string; contactFile?: string; instanceId?: string },
): TriggerEvent {
  const r = new Reader(options.file);
  const doc = r.object(v, '') as JsonObject;
  const ids = evaluationIdentity(doc, options.file);
  const metadata = doc.metadata as JsonObject;
  const score = r.object(metadata.score, '/metadata/score');
  const agent = r.string(metadata.agentId, '/metadata/agentId');

  const sections: Record<string, { Score: number }> = {};
  (r.array(doc.sections, '/sections') ?? []).forEach((raw, i) => {
    const s = r.object(raw, `/sections/${i}`) ?? {};
    const id = r.string(s.sectionRefId, `/sections/${i}/sectionRefId`);
    const sScore = r.object(s.score, `/sections/${i}/score`);
    const pct = r.number(sScore?.percentage, `/sections/${i}/score/percentage`);
    if (id !== undefined && pct !== undefined && sScore?.notApplicable !== true) sections[id] = { Score: pct };
  });

  const questions: Record<string, { Answer: { Value?: number; ValueRefId?: string } }> = {};
  (r.array(doc.questions, '/questions') ?? []).forEach((raw, i) => {
    const p = `/questions/${i}`;
    const q = r.object(raw, p) ?? {};
    const id = r.string(q.questionRefId, `${p}/questionRefId`);
    const answer = r.object(q.answer, `${p}/answer`);
    if (id === undefined || !answer || r.object(answer.metadata, `${p}/answer/metadata`)?.notApplicable === true) return;
    const value = typeof answer.value === 'number' || (typeof answer.value === 'string' && q.questionType === 'NUMERIC') ? r.number(answer.value, `${p}/answer/value`) : undefined;
    const selected = (r.array(answer.values, `${p}/answer/values`) ?? [])
      .map((x, k) => r.object(x, `${p}/answer/values/${k}`) ?? {})
      .find((x) => x.selected !== false && typeof x.valueRefId === 'string');
    const out = compact({ Value: value, ValueRefId: selected ? String(selected.valueRefId) : undefined });
    if (Object.keys(out).length > 0) questions[id] = { Answer: out };
  });

  const instanceId = ids.instanceId ?? options.instanceId;
  const canonical = compact({
    EventSourceName: 'OnContactEvaluationSubmit',
    InstanceId: instanceId ?? r.fail('/metadata/instanceId', 'missing metadata.instanceId'),
    // the instance ARN when metadata.instanceId is one, else the file's account: where actions' events live
    InstanceArn: /^arn:[^:]+:connect:[^:]*:[^:]*:instance\/[^/]+$/.test(String(metadata.instanceId)) ? String(metadata.instanceId) : undefined,
    AccountId: r.string(metadata.accountId, '/metadata/accountId'),
    EventTime: r.string(metadata.evaluationSubmitTimestamp, '/metadata/evaluationSubmitTimestamp'),
    ContactLens: {
      ContactEvaluation: compact({
        ContactId: ids.contactId,
        EvaluationId: ids.evaluationId,
        Agent: agent ? { AgentId: agent.startsWith('arn:') ? idFromArn(agent) : agent } : undefined,
        Form: compact({ FormId: r.string(metadata.evaluationDefinitionId, '/metadata/evaluationDefinitionId'), Score: r.number(score?.percentage, '/metadata/score/percentage') }),
        Sections: sections,
        Questions: questions,
      }),
    },
  });
  return canonicalInputToTriggerEvent({ event: canonical, contact, eventFile: options.file, contactFile: options.contactFile }, loadEvaluationEvent);
}

