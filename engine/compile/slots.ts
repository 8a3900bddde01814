/**
 * The conditions of a rule set as numbered slots, and each rule's tree as a plan over
 * them (engine/ruleset/program.ts evaluates the plans). A condition written the same
 * way in several rules (same path, operator, operands, filters, Negate, section) is
 * one slot, evaluated at most once per event; its spec says how, by kind, so that
 * the evaluator can run each kind from its own code (a field read once per event and
 * a test; a transcript hot path; the condition's own closure otherwise) rather than
 * through one call site that sees every kind of closure.
 *
 * Every spec computes exactly what the condition's own `evaluate` (compile/index.ts)
 * computes: a field spec is made only for readers whose value is the field at `path`.
 */
import type { Frame, PhraseAsk } from './reader.ts';
import type { Equality, Threshold, ValueTest } from './operators.ts';

export type SlotSpec =
  /** The value at `path` of the event (missing: the no-value form), tested by `test` (which `equality` or `threshold`, when given, says as data), then Negate. */
  | {
      readonly kind: 'field';
      readonly path: readonly string[];
      readonly test: ValueTest;
      readonly equality?: Equality;
      readonly threshold?: Threshold;
      readonly noValueForm: boolean;
      readonly negate: boolean;
    }
  /**
   * The reader's hot path (compile/reader.ts `matches`), then Negate; `phrase` when a
   * rule set's phrase index answers it (exact match), for the evaluator to ask directly.
   */
  | { readonly kind: 'fast'; readonly matches: (frame: Frame) => boolean; readonly negate: boolean; readonly phrase?: PhraseAsk }
  /** The condition's own evaluation. */
  | { readonly kind: 'generic'; readonly evaluate: (frame: Frame) => boolean };

/** A rule's tree over slots: a condition's slot, or a group with its children in evaluation order (cheapest first). */
export type Plan = { readonly slot: number } | { readonly and: boolean; readonly negate: boolean; readonly children: readonly Plan[] };

export class ConditionSlots {
  readonly specs: SlotSpec[] = [];
  private readonly byKey = new Map<string, number>();

  /** The slot of the condition written as `key`, made by `make` the first time. */
  slot(key: string, make: () => SlotSpec): number {
    let slot = this.byKey.get(key);
    if (slot === undefined) {
      slot = this.specs.length;
      this.specs.push(make());
      this.byKey.set(key, slot);
    }
    return slot;
  }
}
