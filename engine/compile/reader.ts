/**
 * What every reader compiler shares: its input (a validated condition), what it
 * returns (a `ValueReader`), and the NOT_APPLICABLE marker. A module of its own so
 * that `leaves.ts` can gather the per-kind compilers that import these.
 */
import type { ConditionNode, JsonValue, LeafOperator } from '../../grammar/ast.ts';
import type { ConditionSpec, ValueSpec } from '../../grammar/catalogue/types.ts';
import type { Equality, Threshold, ValueTest } from './operators.ts';
import type { PhraseIndex } from '../transcript/phrase-index.ts';
import type { FieldCache } from './field-cache.ts';
import type { SemanticMatcher } from '../transcript/semantic.ts';

/** One row of a metric snapshot as the event holds it (docs/canonical-events.md, MetricData). */
export interface MetricRow {
  readonly Dimensions?: Readonly<Record<string, unknown>>;
  readonly Metrics?: unknown;
}

/** One entity of a metric rule's end dimension (a queue, an agent...) and its snapshot rows. */
export interface MetricEntity {
  readonly dimension: string;
  readonly id: string;
  readonly rows: readonly MetricRow[];
}

/** What a leaf evaluates against: the event, and for metric rules the entity being tried. */
export interface Frame {
  readonly event: any;
  readonly entity?: MetricEntity;
}

/**
 * What a reader returns when its condition does not apply here at all: a metric
 * entity outside the condition's dimension filters, a pattern in another language
 * than the contact's. Unlike a missing value, `Negate` does not turn it true:
 * "agent A1 is not on break" says nothing about agent A2.
 */
export const NOT_APPLICABLE: unique symbol = Symbol('not applicable');

/**
 * An exact-match condition of a rule set, as the phrase index answers it: `source.ask(event,
 * query)` is 1 or 0 (what `matches` says) or ASK_OWN when the index does not answer this
 * event (a contact in another language): then `matches` does.
 */
export interface PhraseAsk {
  readonly source: { ask(event: unknown, query: number): number };
  readonly query: number;
}

/** `PhraseAsk.source.ask`'s answer when the condition's own `matches` must answer. */
export const ASK_OWN = -1;

export interface ValueReader {
  /** The value the condition tests; `undefined` when missing, NOT_APPLICABLE when the condition does not apply. */
  read(frame: Frame): unknown;
  /** For the trace: why the condition does not apply. */
  notApplicable?(frame: Frame): string;
  test: ValueTest;
  /**
   * The hot path, when a reader has one: whether the value satisfies the condition
   * (before Negate), exactly what `test` says of `read`'s value and false when it is
   * missing, computed without building that value. Not with NOT_APPLICABLE readers.
   */
  matches?(frame: Frame): boolean;
  /** With `matches`: how a rule set's phrase index answers it without its closure (slots.ts, engine/ruleset/program.ts). */
  readonly phrase?: PhraseAsk;
  /** When `read` is the value at this path of the event and nothing else (a rule set's evaluator reads it once for every condition). */
  readonly field?: readonly string[];
  /** With `field`: when `test` is an equality (operators.ts `equalityOf`), it as data. */
  readonly equality?: Equality;
  /** With `field`: when `test` is a numeric threshold (operators.ts `thresholdOf`), it as data. */
  readonly threshold?: Threshold;
  /** For the explain trace: what decided the result (a matching transcript item...). */
  describe?(value: unknown): string | undefined;
  /** Display form of the value for the trace (defaults to the value). */
  show?(value: unknown): unknown;
  /** For the explain trace: why the value read is what it is (a documented default, a segment not evaluated). */
  note?(frame: Frame): string | undefined;
}

export interface LeafInput {
  readonly node: ConditionNode;
  readonly spec: ConditionSpec;
  readonly docPath: readonly string[];
  readonly operator: LeafOperator;
  readonly operands: readonly JsonValue[];
  /** The condition's filters by type (the validator guarantees no duplicates). */
  readonly filters: ReadonlyMap<string, JsonValue>;
  /** Keys chosen by `scopeKey` siblings in the same compound group, by their path. */
  readonly scopeKeys: ReadonlyMap<string, string>;
  /** The semantic matcher for SemanticMatch conditions; the registered default when absent (transcript-leaves.ts). */
  readonly semantic?: SemanticMatcher;
  /** A rule set's shared index of exact-match operands (one scan per item for all its rules). */
  readonly phraseIndex?: PhraseIndex;
  /** A rule set's shared field reads (each path read once per evaluation of the set). */
  readonly fieldCache?: FieldCache;
}

export type ReaderCompiler<K extends ValueSpec['kind']> = (input: LeafInput, value: Extract<ValueSpec, { kind: K }>) => ValueReader;
