/**
 * The rules of a rule set as plans over shared condition slots (compile/slots.ts),
 * evaluated without a closure per rule or per group: the plans are one array of
 * integers, walked by one loop; each slot is computed at most once per event, from
 * code chosen by its kind, and each field read at most once per event. Hundreds of
 * rules then cost a few array reads each, and V8 sees a few call sites that each
 * call one kind of function instead of one site calling every kind of closure.
 * Conditions whose test is an equality (`CONTAINS_ANY`, `EQUALS`) or a numeric
 * threshold on a field are data, not closures: the field's text is looked up once
 * per event (the queue's id against every list of queues) and its number read once,
 * so each such condition costs an array read and a compare.
 *
 * A rule's result is its own `matches`: the plan is the compiled tree's (same
 * groups, same children in the same cheapest-first order) and each slot's spec
 * computes what the condition's own `evaluate` does (the property tests in
 * index.test.ts hold the rule set to each rule's own `matches`).
 */
import { compileGetter, isMissing, type Getter } from '../compile/access.ts';
import { equalityKey, idOfArn, toNumber, type ValueTest } from '../compile/operators.ts';
import type { Frame } from '../compile/reader.ts';
import type { ConditionSlots, Plan } from '../compile/slots.ts';

/** Slot kinds (SlotSpec['kind']) as small integers, for one `switch`. */
const FIELD = 0;
const FAST = 1;
const GENERIC = 2;
/** A FIELD slot whose test is an equality (operators.ts `Equality`): answered from the field's looked-up text. */
const EQUALITY = 3;
/** A FIELD slot whose test is a numeric threshold (operators.ts `Threshold`): the field's number against `bound`. */
const AT_LEAST = 4;
const AT_MOST = 5;

/** A group's flags in the code. */
const AND = 1;
const NEGATE = 2;

/** What `Evaluation.fieldState` says of a field in this event: read, its text looked up, its number read. */
const READ = 1;
const TEXT = 2;
const NUMBER = 4;

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
  /** FIELD, EQUALITY, AT_LEAST and AT_MOST slots: the field each reads. */
  readonly fieldOf: Int32Array;
  /** FIELD slots (a test that is not data): their test. */
  readonly tests: (ValueTest | undefined)[];
  /**
   * EQUALITY slots: the ids (in their field's `valueIds`) of the values they accept,
   * ascending, at `memberIds[memberFrom[slot]]` … `memberIds[memberFrom[slot + 1]]` (one
   * array for all, in the order of the slots, rather than a small array each scattered
   * over the heap), and whether an ARN's id counts.
   */
  readonly memberIds: Int32Array;
  readonly memberFrom: Int32Array;
  readonly arnIds: Uint8Array;
  /** AT_LEAST and AT_MOST slots: their bound. */
  readonly bound: Float64Array;
  /** Per field: an id for each value some EQUALITY slot on it names. */
  readonly valueIds: Map<string, number>[] = [];
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
    this.arnIds = new Uint8Array(n);
    this.bound = new Float64Array(n);
    this.fasts = new Array(n).fill(undefined);
    this.generics = new Array(n).fill(undefined);
    const fields = new Map<string, number>();
    const members: number[] = [];
    this.memberFrom = new Int32Array(n + 1);
    specs.forEach((spec, slot) => {
      this.memberFrom[slot] = members.length;
      if (spec.kind === 'field') {
        const key = JSON.stringify(spec.path);
        let field = fields.get(key);
        if (field === undefined) {
          fields.set(key, (field = this.getters.length));
          this.getters.push(compileGetter(spec.path));
          this.valueIds.push(new Map());
        }
        this.kind[slot] = FIELD;
        // (a no-value EQUALS has neither: compile/index.ts)
        if (spec.equality) {
          const ids = this.valueIds[field];
          const idOf = (value: string) => ids.get(value) ?? (ids.set(value, ids.size), ids.size - 1);
          this.kind[slot] = EQUALITY;
          for (const id of [...new Set(spec.equality.values.map(idOf))].sort((a, b) => a - b)) members.push(id);
          this.arnIds[slot] = spec.equality.arnIds ? 1 : 0;
        } else if (spec.threshold) {
          this.kind[slot] = spec.threshold.atLeast ? AT_LEAST : AT_MOST;
          this.bound[slot] = spec.threshold.bound;
        } else {
          this.tests[slot] = spec.test;
        }
        this.fieldOf[slot] = field;
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

    this.memberFrom[n] = members.length;
    this.memberIds = Int32Array.from(members);

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
  /** Per field, what this event has of it (READ, TEXT, NUMBER bits). */
  private readonly fieldState: Uint8Array;
  private readonly fieldValues: unknown[];
  /**
   * Per field, once looked up (TEXT, NUMBER): the id of its value's text and of the id
   * that text ends with if an ARN (-1 for none); its value as a number.
   */
  private readonly textId: Int32Array;
  private readonly arnId: Int32Array;
  private readonly number: Float64Array;
  private frame: Frame = { event: undefined };

  constructor(private readonly p: RulePrograms) {
    this.values = new Uint8Array(p.kind.length);
    this.fieldState = new Uint8Array(p.getters.length);
    this.fieldValues = new Array(p.getters.length).fill(undefined);
    this.textId = new Int32Array(p.getters.length);
    this.arnId = new Int32Array(p.getters.length);
    this.number = new Float64Array(p.getters.length);
  }

  reset(event: unknown): void {
    this.values.fill(UNKNOWN);
    this.fieldState.fill(0);
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
    const kind = p.kind[slot];
    if (kind === FAST) return p.fasts[slot]!(this.frame) !== (p.negate[slot] === 1);
    if (kind === GENERIC) return p.generics[slot]!(this.frame);
    // a field's slot: a missing value satisfies only the no-value form
    const field = p.fieldOf[slot];
    const value = this.field(field);
    const raw = isMissing(value) ? p.noValueForm[slot] === 1 : this.present(slot, kind, field, value);
    return raw !== (p.negate[slot] === 1);
  }

  /** A field slot's test on the field's present value. */
  private present(slot: number, kind: number, field: number, value: unknown): boolean {
    const p = this.p;
    switch (kind) {
      case EQUALITY: {
        if ((this.fieldState[field] & TEXT) === 0) this.lookUp(field, value);
        const from = p.memberFrom[slot];
        const to = p.memberFrom[slot + 1];
        return holds(p.memberIds, from, to, this.textId[field]) || (p.arnIds[slot] === 1 && holds(p.memberIds, from, to, this.arnId[field]));
      }
      case AT_LEAST:
        return this.numberOf(field, value) >= p.bound[slot]; // NaN (not a number) satisfies neither
      case AT_MOST:
        return this.numberOf(field, value) <= p.bound[slot];
      default:
        return p.noValueForm[slot] === 0 && p.tests[slot]!(value);
    }
  }

  /** Looks the text of a field's (present) value up, once per event, for its EQUALITY slots. */
  private lookUp(field: number, value: unknown): void {
    const ids = this.p.valueIds[field];
    const text = equalityKey(value);
    const id = idOfArn(text);
    this.textId[field] = ids.get(text) ?? -1;
    this.arnId[field] = id === undefined ? -1 : (ids.get(id) ?? -1);
    this.fieldState[field] |= TEXT;
  }

  /** A field's (present) value as a number, once per event, for its threshold slots. */
  private numberOf(field: number, value: unknown): number {
    if ((this.fieldState[field] & NUMBER) === 0) {
      this.number[field] = toNumber(value);
      this.fieldState[field] |= NUMBER;
    }
    return this.number[field];
  }

  private field(field: number): unknown {
    if ((this.fieldState[field] & READ) !== 0) return this.fieldValues[field];
    const value = this.p.getters[field](this.frame.event);
    this.fieldValues[field] = value;
    this.fieldState[field] |= READ;
    return value;
  }
}

/** Whether `id` (-1: none) is in `ids[from]` … `ids[to]` (ascending). */
function holds(ids: Int32Array, from: number, to: number, id: number): boolean {
  if (id < 0) return false;
  // Short lists (most) by a scan, long ones by halves.
  if (to - from <= 16) {
    for (let k = from; k < to; k++) if (ids[k] === id) return true;
    return false;
  }
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < to && ids[lo] === id;
}
