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
import { ASK_OWN, type Frame, type PhraseAsk } from '../compile/reader.ts';
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
/** A FAST slot a rule set's phrase index answers (reader.ts `PhraseAsk`): asked directly, not through the condition's closure. */
const PHRASE = 6;

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

/**
 * A slot's fields in `RulePrograms.slotInts` (SLOT_INTS a slot): one record per slot, so
 * that computing a slot touches one or two cache lines, not one per table (the walk over
 * 500 rules is memory-bound: docs/performance.md, session 12).
 */
/** The kind (low 3 bits) and the NEGATED, NO_VALUE_FORM and ARN_IDS flags. */
const KIND_FLAGS = 0;
/** FIELD, EQUALITY, AT_LEAST and AT_MOST slots: the field each reads (-1: none). */
const FIELD_OF = 1;
/** EQUALITY slots: their accepted ids are `memberIds[MEMBERS_FROM]` … `memberIds[MEMBERS_TO]`. */
const MEMBERS_FROM = 2;
const MEMBERS_TO = 3;
/** PHRASE slots: their transcript (in `RulePrograms.phraseSources`) and query. */
const PHRASE_SOURCE = 1;
const PHRASE_QUERY = 2;
const SLOT_INTS = 4;
const KIND = 7;
/** The slot's test is negated. */
const NEGATED = 8;
/** A field slot satisfied by a missing value (the no-value form). */
const NO_VALUE_FORM = 16;
/** An EQUALITY slot where an ARN's id counts. */
const ARN_IDS = 32;

/** The compiled plans and slot tables of a rule set; `evaluation()` evaluates them on one event. */
export class RulePrograms {
  /**
   * The plans: a group at offset `o` is `flags, n, child × n`; a child ≥ 0 is a slot,
   * a child < 0 the group at offset −child − 1.
   */
  readonly code: Int32Array;
  /** Per rule position: the offset of its root group in `code`, -1 when it has no plan (it is evaluated by its own `matches`). */
  readonly start: Int32Array;
  /** Per slot, SLOT_INTS integers (KIND_FLAGS, FIELD_OF, MEMBERS_FROM, MEMBERS_TO). */
  readonly slotInts: Int32Array;
  /**
   * EQUALITY slots: the ids (in their field's `valueIds`) of the values they accept,
   * ascending (one array for all, in the order of the slots, rather than a small array
   * each scattered over the heap).
   */
  readonly memberIds: Int32Array;
  /** AT_LEAST and AT_MOST slots: their bound. */
  readonly bound: Float64Array;
  /** Per field: an id for each value some EQUALITY slot on it names. */
  readonly valueIds: Map<string, number>[] = [];
  /** Per slot, its code where it has one: a FIELD slot's test (one that is not data), a FAST slot's `matches`, a GENERIC slot's `evaluate`. */
  readonly calls: (((value: unknown) => boolean) | ((frame: Frame) => boolean) | undefined)[];
  readonly getters: Getter[] = [];
  /** The transcripts PHRASE slots ask about (one per path: a few at most). */
  readonly phraseSources: PhraseAsk['source'][] = [];
  private idle: Evaluation | undefined;

  constructor(slots: ConditionSlots, plans: readonly (Plan | undefined)[]) {
    const specs = slots.specs;
    const n = specs.length;
    const ints = new Int32Array(n * SLOT_INTS);
    this.slotInts = ints;
    this.bound = new Float64Array(n);
    this.calls = new Array(n).fill(undefined);
    const fields = new Map<string, number>();
    const members: number[] = [];
    specs.forEach((spec, slot) => {
      const at = slot * SLOT_INTS;
      ints[at + FIELD_OF] = -1;
      ints[at + MEMBERS_FROM] = members.length;
      let kind: number;
      let flags = 0;
      if (spec.kind === 'field') {
        const key = JSON.stringify(spec.path);
        let field = fields.get(key);
        if (field === undefined) {
          fields.set(key, (field = this.getters.length));
          this.getters.push(compileGetter(spec.path));
          this.valueIds.push(new Map());
        }
        kind = FIELD;
        // (a no-value EQUALS has neither: compile/index.ts)
        if (spec.equality) {
          const ids = this.valueIds[field];
          const idOf = (value: string) => ids.get(value) ?? (ids.set(value, ids.size), ids.size - 1);
          kind = EQUALITY;
          for (const id of [...new Set(spec.equality.values.map(idOf))].sort((a, b) => a - b)) members.push(id);
          if (spec.equality.arnIds) flags |= ARN_IDS;
        } else if (spec.threshold) {
          kind = spec.threshold.atLeast ? AT_LEAST : AT_MOST;
          this.bound[slot] = spec.threshold.bound;
        } else {
          this.calls[slot] = spec.test;
        }
        ints[at + FIELD_OF] = field;
        if (spec.noValueForm) flags |= NO_VALUE_FORM;
        if (spec.negate) flags |= NEGATED;
      } else if (spec.kind === 'fast') {
        kind = FAST;
        this.calls[slot] = spec.matches;
        if (spec.negate) flags |= NEGATED;
        if (spec.phrase) {
          kind = PHRASE;
          let source = this.phraseSources.indexOf(spec.phrase.source);
          if (source < 0) source = this.phraseSources.push(spec.phrase.source) - 1;
          ints[at + PHRASE_SOURCE] = source;
          ints[at + PHRASE_QUERY] = spec.phrase.query;
        }
      } else {
        kind = GENERIC;
        this.calls[slot] = spec.evaluate;
      }
      ints[at + KIND_FLAGS] = kind | flags;
      ints[at + MEMBERS_TO] = members.length;
    });
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

  /** Gives back an evaluation for the next event (it lets go of this one). */
  release(evaluation: Evaluation): void {
    evaluation.forget();
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
  /** The event, as the FAST and GENERIC slots' code takes it: one frame, its event set per event (none allocated). */
  private readonly frame: { event: unknown } = { event: undefined };

  constructor(private readonly p: RulePrograms) {
    this.values = new Uint8Array(p.calls.length);
    this.fieldState = new Uint8Array(p.getters.length);
    this.fieldValues = new Array(p.getters.length).fill(undefined);
    this.textId = new Int32Array(p.getters.length);
    this.arnId = new Int32Array(p.getters.length);
    this.number = new Float64Array(p.getters.length);
  }

  reset(event: unknown): void {
    this.values.fill(UNKNOWN);
    this.fieldState.fill(0);
    this.frame.event = event;
  }

  /** Lets go of the event and the values read from it (until the next `reset`). */
  forget(): void {
    this.frame.event = undefined;
    this.fieldValues.fill(undefined);
  }

  /** Whether the rule whose plan starts at `start` (RulePrograms.start) matches. */
  matches(start: number): boolean {
    return this.group(start);
  }

  private group(at: number): boolean {
    const code = this.p.code;
    const values = this.values;
    const flags = code[at];
    const n = code[at + 1];
    const and = (flags & AND) !== 0;
    // AND: true until a child is false; OR: false until a child is true.
    let result = and;
    for (let k = 0; k < n; k++) {
      const child = code[at + 2 + k];
      // (a slot already computed in this event, most of them at 500 rules, read here without a call)
      const known = child >= 0 ? values[child] : UNKNOWN;
      const value = known !== UNKNOWN ? known === TRUE : child >= 0 ? this.slot(child) : this.group(-child - 1);
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
    const at = slot * SLOT_INTS;
    const kindFlags = p.slotInts[at + KIND_FLAGS];
    const kind = kindFlags & KIND;
    const negated = (kindFlags & NEGATED) !== 0;
    if (kind === PHRASE) {
      const answer = p.phraseSources[p.slotInts[at + PHRASE_SOURCE]].ask(this.frame.event, p.slotInts[at + PHRASE_QUERY]);
      return (answer === ASK_OWN ? (p.calls[slot] as (frame: Frame) => boolean)(this.frame) : answer === 1) !== negated;
    }
    if (kind === FAST) return (p.calls[slot] as (frame: Frame) => boolean)(this.frame) !== negated;
    if (kind === GENERIC) return (p.calls[slot] as (frame: Frame) => boolean)(this.frame);
    // a field's slot: a missing value satisfies only the no-value form
    const field = p.slotInts[at + FIELD_OF];
    const value = this.field(field);
    const raw = isMissing(value) ? (kindFlags & NO_VALUE_FORM) !== 0 : this.present(slot, at, kindFlags, field, value);
    return raw !== negated;
  }

  /** A field slot's test on the field's present value. */
  private present(slot: number, at: number, kindFlags: number, field: number, value: unknown): boolean {
    const p = this.p;
    switch (kindFlags & KIND) {
      case EQUALITY: {
        if ((this.fieldState[field] & TEXT) === 0) this.lookUp(field, value);
        const from = p.slotInts[at + MEMBERS_FROM];
        const to = p.slotInts[at + MEMBERS_TO];
        return holds(p.memberIds, from, to, this.textId[field]) || ((kindFlags & ARN_IDS) !== 0 && holds(p.memberIds, from, to, this.arnId[field]));
      }
      case AT_LEAST:
        return this.numberOf(field, value) >= p.bound[slot]; // NaN (not a number) satisfies neither
      case AT_MOST:
        return this.numberOf(field, value) <= p.bound[slot];
      default:
        return (kindFlags & NO_VALUE_FORM) === 0 && (p.calls[slot] as (value: unknown) => boolean)(value);
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
