/**
 * One compiler per kind of value a condition reads (the catalogue's `ValueSpec`).
 * Each turns a validated condition into a `ValueReader`: where the value comes
 * from (read) and what makes it satisfy the condition (test). `leaf.ts` adds the
 * semantics shared by all of them: missing values, the no-operand `EQUALS`, Negate.
 */
import type { SessionFact, ValueSpec } from '../../grammar/catalogue/types.ts';
import { compileGetter, isMissing } from './access.ts';
import { getterWith } from './field-cache.ts';
import { compileListTest, compileValueTest, equalityOf, equalityTest, thresholdOf, thresholdTest } from './operators.ts';
import { TRANSCRIPT_READERS } from './transcript-leaves.ts';
import { TRANSCRIPT_NOT_PACKAGED } from './transcript-packaged.ts';
import { metricReader } from './metric-leaves.ts';
import { METRIC_NOT_PACKAGED } from './metric-packaged.ts';
import { NOT_APPLICABLE, type Frame, type LeafInput, type ReaderCompiler, type ValueReader } from './reader.ts';

/** The getter of a path: the rule set's shared one when there is a field cache. */
const getterOf = (input: LeafInput, docPath: readonly string[]) => getterWith(input.fieldCache, docPath);

/** A getter of the event, as a reader of the frame. */
const readAt = (input: LeafInput, docPath: readonly string[]): ValueReader['read'] => {
  const get = getterOf(input, docPath);
  return (frame) => get(frame.event);
};

const scalar: ReaderCompiler<'scalar'> = (input) => {
  const operands = input.spec.forms.find((f) => f.operator === input.operator)!.operands;
  const equality = equalityOf(input.operator, input.operands);
  const threshold = thresholdOf(input.operator, input.operands, operands);
  // The test is the one compileValueTest builds, from the data already derived here.
  const test = equality
    ? equalityTest(equality)
    : threshold
      ? thresholdTest(threshold)
      : compileValueTest(input.operator, input.operands, operands);
  return { read: readAt(input, input.docPath), field: input.docPath, test, equality, threshold };
};

const list: ReaderCompiler<'list'> = (input) => ({
  read: readAt(input, input.docPath),
  field: input.docPath,
  test: compileListTest(input.operator, input.operands, input.spec.forms.find((f) => f.operator === input.operator)!.operands),
});

/** The roles a role map has when the data is complete: a role without data reads `missingAs`. */
const ROLES_OF_A_CONTACT = ['AGENT', 'CUSTOMER'] as const;

/**
 * A role map (`{AGENT: 1.4, CUSTOMER: 1.7}`); the ParticipantRole filter picks the key,
 * ANY or none: any key. With `missingAs` (sentiment), a role without data reads as it.
 */
const byRole: ReaderCompiler<'byRole'> = (input, { missingAs }) => {
  const { docPath, operator, operands, spec, filters } = input;
  const get = getterOf(input, docPath);
  const role = filters.get('ParticipantRole');
  const valueTest = compileValueTest(operator, operands, spec.forms.find((f) => f.operator === operator)!.operands);
  const roles: readonly string[] = role === 'AGENT' || role === 'CUSTOMER' ? [role] : ROLES_OF_A_CONTACT;
  const map = (f: Frame) => {
    const m = get(f.event);
    return m && typeof m === 'object' ? (m as Record<string, unknown>) : undefined;
  };
  const absent = (f: Frame) => roles.filter((r) => isMissing(map(f)?.[r]));
  const note = missingAs
    ? (f: Frame) => {
        const without = absent(f);
        return without.length ? `no data for ${without.join(', ')}: read as ${JSON.stringify(missingAs.value)} (${missingAs.why})` : undefined;
      }
    : undefined;
  if (role === 'AGENT' || role === 'CUSTOMER') {
    return { read: (f) => map(f)?.[role] ?? missingAs?.value, test: valueTest, ...(note ? { note } : {}) };
  }
  return {
    read: (f) => {
      const m = map(f);
      const present = Object.values(m ?? {}).filter((v) => !isMissing(v));
      if (missingAs) for (const _ of absent(f)) present.push(missingAs.value);
      return present.length ? present : undefined;
    },
    test: (values) => (values as unknown[]).some(valueTest),
    ...(note ? { note } : {}),
  };
};

/**
 * The section or question of a compound condition: the sibling `EQUALS` on its ref
 * id picks the item of the map, then `field` of it is tested.
 */
const scoped: ReaderCompiler<'scoped'> = (input, value) => {
  const { docPath, operator, operands, spec, scopeKeys } = input;
  const key = scopeKeys.get(value.keyPath);
  return {
    read: key === undefined ? () => undefined : readAt(input, [...docPath, key, ...value.field]),
    test: compileValueTest(operator, operands, spec.forms.find((f) => f.operator === operator)!.operands),
  };
};

/** The ref id of a section or question: true when the evaluation has that item. */
const scopeKey: ReaderCompiler<'scopeKey'> = ({ docPath, operator, operands, spec }) => {
  const get = compileGetter(docPath);
  return {
    read: (f) => {
      const map = get(f.event);
      return map && typeof map === 'object' ? Object.keys(map) : undefined;
    },
    test: compileListTest(operator, operands, spec.forms.find((f) => f.operator === operator)!.operands),
  };
};

/**
 * AI agents of the contact (`[{Id, Version, UseCase, EscalatedToHuman}]`), kept by the
 * AiAgentUseCase / AiAgentEscalatedToHuman filters; a bare UUID operand matches any
 * version, `uuid:version` that version only.
 */
const aiAgent: ReaderCompiler<'aiAgent'> = ({ docPath, operands, filters }) => {
  const get = compileGetter(docPath);
  const useCase = (filters.get('AiAgentUseCase') as { Value?: string } | undefined)?.Value;
  const escalated = filters.get('AiAgentEscalatedToHuman');
  const wanted = new Set(operands.map(String));
  return {
    read: (f) => {
      const agents = get(f.event);
      if (!Array.isArray(agents)) return undefined;
      const kept = agents.filter(
        (a) =>
          a &&
          (useCase === undefined || a.UseCase === useCase) &&
          (escalated === undefined || Boolean(a.EscalatedToHuman) === (escalated === 'TRUE')),
      );
      return kept.length ? kept : undefined;
    },
    test: (agents) =>
      (agents as any[]).some((a) => wanted.has(String(a.Id)) || (a.Version !== undefined && wanted.has(`${a.Id}:${a.Version}`))),
    show: (agents) => (agents as any[]).map((a) => (a.Version !== undefined ? `${a.Id}:${a.Version}` : a.Id)),
  };
};

const READERS: { [K in ValueSpec['kind']]: ReaderCompiler<K> } = {
  scalar,
  list,
  byRole,
  scoped,
  scopeKey,
  aiAgent,
  // A function packaged without the metric catalogue holds no metric reader (metric-leaves.ts).
  metric: process.env.CONNECT_RULES_PACKAGED_SOURCE_OnMetricDataUpdate !== 'no' ? metricReader : METRIC_NOT_PACKAGED,
  // A function packaged without transcript matching holds none (transcript-packaged.ts).
  ...(process.env.CONNECT_RULES_PACKAGED_TRANSCRIPT !== 'no' ? TRANSCRIPT_READERS : TRANSCRIPT_NOT_PACKAGED),
};

/** How the trace names each fact a real-time session may not know yet. */
const SESSION_FACT_WORDS: Readonly<Record<SessionFact, string>> = {
  ContactAttribute: 'the contact attributes are not yet known in this real-time session (no CTR or DescribeContact response of the contact was stored before the session read them, and Connect was not asked or did not answer)',
  Queue: 'the queue is not yet known in this real-time session (no contact event or record has told it)',
  Agent: 'the agent is not yet known in this real-time session (no contact event or record has told it)',
};

/**
 * A real-time contact condition (catalogue `sessionFact`): NOT_APPLICABLE while the
 * body's `NotYetKnown` lists its fact (engine/context/realtime.ts `notYetKnown`), else
 * the reader's own value. It has no field or hot path of its own (the rule set
 * evaluates it as a generic slot): a field read cannot say "does not apply".
 */
function untilKnown(reader: ValueReader, docPath: readonly string[], fact: SessionFact): ValueReader {
  const getUnknown = compileGetter([...docPath.slice(0, 2), 'NotYetKnown']);
  const unknown = (frame: Frame) => {
    const list = getUnknown(frame.event);
    return Array.isArray(list) && list.includes(fact);
  };
  const { read, test, describe, show, note } = reader;
  return {
    read: (frame) => (unknown(frame) ? NOT_APPLICABLE : read(frame)),
    notApplicable: () => SESSION_FACT_WORDS[fact],
    test,
    ...(describe ? { describe } : {}),
    ...(show ? { show } : {}),
    ...(note ? { note } : {}),
  };
}

export function compileReader(input: LeafInput): ValueReader {
  const compile = READERS[input.spec.value.kind] as ReaderCompiler<ValueSpec['kind']>;
  const reader = compile(input, input.spec.value);
  const fact = input.spec.sessionFact;
  return fact === undefined ? reader : untilKnown(reader, input.docPath, fact);
}
