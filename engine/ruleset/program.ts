/**
 * The rules of a rule set as plans over shared condition slots (compile/slots.ts),
 * evaluated without a closure per rule or per group: the plans are one array of
 * integers, walked by one loop; each slot is computed at most once per event, from
 * code chosen by its kind, and each field read at most once per event. Hundreds of
 * rules then cost a few array reads each, and V8 sees a few call sites that each
 * call one kind of function instead of one site calling every kind of closure.
 *
 * A rule's result is its own `matches`: the plan is the compiled tree's (same
 * groups, same children in the same cheapest-first order) and each slot's spec
 * computes what the condition's own `evaluate` does (the property tests in
 * index.test.ts hold the rule set to each rule's own `matches`).
 */
import { compileGetter, isMissing, type Getter } from '../compile/access.ts';
import type { ValueTest } from '../compile/operators.ts';
import type { Frame } from '../compile/reader.ts';
import type { ConditionSlots, Plan } from '../compile/slots.ts';

/** Slot kinds (SlotSpec['kind']) as small integers, for one `switch`. */
const FIELD = 0;
const FAST = 1;
const GENERIC = 2;

/** A group's flags in the code. */
const AND = 1;
const NEGATE = 2;

/** A slot's value in an evaluation: not computed yet, false, true. */
const UNKNOWN = 0;
const FALSE = 1;
const TRUE = 2;

/** The compiled plans and slot tables of a rule set; `evaluation()` evaluates them on one event. */
export class RulePrograms {
  /**
   * The plans: a group at offset `o` is `flags, n, child × n`; a child ≥ 0 is a slot,
   * a child < 0 the group at offset −child − 1.
   */
  readonly code: Int32Array;
  /** Per rule position: the offset of its root group in `code`, -1 when it has no plan (it is evaluated by its own `matches`). */
  readonly start: Int32Array;
  readonly kind: Uint8Array;
  readonly negate: Uint8Array;
  readonly noValueForm: Uint8Array;
  /** FIELD slots: the field each reads. */
  readonly fieldOf: Int32Array;
  readonly tests: (ValueTest | undefined)[];
  readonly fasts: (((frame: Frame) => boolean) | undefined)[];
  readonly generics: (((frame: Frame) => boolean) | undefined)[];
  readonly getters: Getter[] = [];
  private idle: Evaluation | undefined;

  constructor(slots: ConditionSlots, plans: readonly (Plan | undefined)[]) {
    const specs = slots.specs;
    const n = specs.length;
    this.kind = new Uint8Array(n);
    this.negate = new Uint8Array(n);
    this.noValueForm = new Uint8Array(n);
    this.fieldOf = new Int32Array(n).fill(-1);
    this.tests = new Array(n).fill(undefined);
    this.fasts = new Array(n).fill(undefined);
    this.generics = new Array(n).fill(undefined);
    const fields = new Map<string, number>();
    specs.forEach((spec, slot) => {
      if (spec.kind === 'field') {
        const key = JSON.stringify(spec.path);
        let field = fields.get(key);
        if (field === undefined) {
          fields.set(key, (field = this.getters.length));
          this.getters.push(compileGetter(spec.path));
        }
        this.kind[slot] = FIELD;
        this.fieldOf[slot] = field;
        this.tests[slot] = spec.test;
        this.noValueForm[slot] = spec.noValueForm ? 1 : 0;
        this.negate[slot] = spec.negate ? 1 : 0;
      } else if (spec.kind === 'fast') {
        this.kind[slot] = FAST;
        this.fasts[slot] = spec.matches;
        this.negate[slot] = spec.negate ? 1 : 0;
      } else {
        this.kind[slot] = GENERIC;
        this.generics[slot] = spec.evaluate;
      }
    });

    const code: number[] = [];
    const emit = (group: Extract<Plan, { children: unknown }>): number => {
      const at = code.length;
      code.push((group.and ? AND : 0) | (group.negate ? NEGATE : 0), group.children.length);
      for (let k = 0; k < group.children.length; k++) code.push(0);
      group.children.forEach((child, k) => {
        code[at + 2 + k] = 'slot' in child ? child.slot : -emit(child) - 1;
      });
      return at;
    };
    this.start = Int32Array.from(plans, (plan) => (plan && !('slot' in plan) ? emit(plan) : -1));
    this.code = Int32Array.from(code);
  }

  /** An evaluation of `event` (reused from event to event unless one is under way: a match started inside a match gets its own). */
  evaluation(event: unknown): Evaluation {
    const evaluation = this.idle ?? new Evaluation(this);
    this.idle = undefined;
    evaluation.reset(event);
    return evaluation;
  }

  /** Gives back an evaluation for the next event. */
  release(evaluation: Evaluation): void {
    this.idle = evaluation;
  }
}

/** The slots and fields of one event, computed on first use. */
export class Evaluation {
  private readonly values: Uint8Array;
  private readonly fieldRead: Uint8Array;
  private readonly fieldValues: unknown[];
  private frame: Frame = { event: undefined };

  constructor(private readonly p: RulePrograms) {
    this.values = new Uint8Array(p.kind.length);
    this.fieldRead = new Uint8Array(p.getters.length);
    this.fieldValues = new Array(p.getters.length).fill(undefined);
  }

  reset(event: unknown): void {
    this.values.fill(UNKNOWN);
    this.fieldRead.fill(0);
    this.frame = { event };
  }

  /** Whether the rule whose plan starts at `start` (RulePrograms.start) matches. */
  matches(start: number): boolean {
    return this.group(start);
  }

  private group(at: number): boolean {
    const code = this.p.code;
    const flags = code[at];
    const n = code[at + 1];
    const and = (flags & AND) !== 0;
    // AND: true until a child is false; OR: false until a child is true.
    let result = and;
    for (let k = 0; k < n; k++) {
      const child = code[at + 2 + k];
      const value = child >= 0 ? this.slot(child) : this.group(-child - 1);
      if (value !== and) {
        result = value;
        break;
      }
    }
    return (flags & NEGATE) !== 0 ? !result : result;
  }

  private slot(slot: number): boolean {
    const known = this.values[slot];
    if (known !== UNKNOWN) return known === TRUE;
    const value = this.compute(slot);
    this.values[slot] = value ? TRUE : FALSE;
    return value;
  }

  private compute(slot: number): boolean {
    const p = this.p;
    switch (p.kind[slot]) {
      case FIELD: {
        const value = this.field(p.fieldOf[slot]);
        const raw = isMissing(value) ? p.noValueForm[slot] === 1 : p.noValueForm[slot] === 0 && p.tests[slot]!(value);
        return raw !== (p.negate[slot] === 1);
      }
      case FAST:
        return p.fasts[slot]!(this.frame) !== (p.negate[slot] === 1);
      default:
        return p.generics[slot]!(this.frame);
    }
  }

  private field(field: number): unknown {
    if (this.fieldRead[field] === 1) return this.fieldValues[field];
    const value = this.p.getters[field](this.frame.event);
    this.fieldValues[field] = value;
    this.fieldRead[field] = 1;
    return value;
  }
}
