/**
 * What the rules did per subject (a contact, or an event about no contact), all its
 * events together, in two forms: `PackedSubject`, as a worker thread sends it (rule
 * positions, not names; how many subjects each rule was evaluated on is summed per
 * task instead of listed per subject, since 500 rules × every contact would be the
 * largest thing crossing threads), and `SubjectResult`, with names, for streaming
 * outputs (CSV) and the explained contact.
 */
import type { ActionRequest } from '../actions/preview.ts';
import type { EventExplain, EventObservation } from './processor.ts';

interface SubjectCommon {
  readonly subject: string;
  readonly contactId?: string;
  readonly sources: readonly string[];
  /** ISO-8601: the contact's initiation (its contact record), else the event time. */
  readonly time?: string;
  /** The queue's id (contact record, else the event's), and its name where the contact record gives one. */
  readonly queueId?: string;
  readonly queueName?: string;
  readonly actions: readonly ActionRequest[];
  readonly errors: readonly { readonly rule: string; readonly message: string }[];
  readonly explain?: readonly EventExplain[];
}

/** A subject as it crosses threads: positions in the rules (and baseline) sorted by name. */
export interface PackedSubject extends SubjectCommon {
  readonly matched: readonly number[];
  readonly baseline?: { readonly matched: readonly number[] };
}

/** A subject with rule names. */
export interface SubjectResult extends SubjectCommon {
  readonly matched: readonly string[];
  readonly baseline?: { readonly matched: readonly string[] };
}

/** Subjects evaluated per rule position, summed over the subjects of a task. */
export interface EvaluatedCounts {
  readonly rules: Uint32Array;
  readonly baseline?: Uint32Array;
}

export function evaluatedCounts(rules: number, baseline: number | undefined): EvaluatedCounts {
  return { rules: new Uint32Array(rules), ...(baseline !== undefined ? { baseline: new Uint32Array(baseline) } : {}) };
}

/** The union of some position lists (one list is returned as it is). */
function union(lists: readonly (readonly number[] | undefined)[]): readonly number[] {
  const present = lists.filter((l): l is readonly number[] => l !== undefined);
  if (present.length <= 1) return present[0] ?? [];
  return [...new Set(present.flat())].sort((a, b) => a - b);
}

function count(into: Uint32Array | undefined, positions: readonly number[]): void {
  if (into) for (const i of positions) into[i]!++;
}

/**
 * The observations of one group's events per subject (a contact counts once,
 * whatever its events); what each rule was evaluated on is added to `counts`.
 */
export function summarise(
  observations: readonly EventObservation[],
  time: string | undefined,
  queue: { readonly id?: string; readonly name?: string },
  counts: EvaluatedCounts,
): PackedSubject[] {
  const by = new Map<string, EventObservation[]>();
  for (const o of observations) {
    let list = by.get(o.subject);
    if (!list) by.set(o.subject, (list = []));
    list.push(o);
  }
  return [...by].map(([subject, list]) => {
    const hasBaseline = list.some((o) => o.baseline);
    count(counts.rules, union(list.map((o) => o.evaluated)));
    if (hasBaseline) count(counts.baseline, union(list.map((o) => o.baseline?.evaluated)));
    const explain = list.flatMap((o) => (o.explain ? [o.explain] : []));
    const first = list[0]!;
    const queueId = queue.id ?? first.queueId;
    return {
      subject,
      ...(first.contactId ? { contactId: first.contactId } : {}),
      sources: [...new Set(list.map((o) => o.source))],
      ...((time ?? first.time) ? { time: time ?? first.time } : {}),
      ...(queueId ? { queueId } : {}),
      ...(queue.name ? { queueName: queue.name } : {}),
      matched: union(list.map((o) => o.matched)),
      ...(hasBaseline ? { baseline: { matched: union(list.map((o) => o.baseline?.matched)) } } : {}),
      actions: list.length === 1 ? first.actions : list.flatMap((o) => o.actions),
      errors: list.length === 1 ? first.errors : list.flatMap((o) => o.errors),
      ...(explain.length > 0 ? { explain } : {}),
    };
  });
}

/** A packed subject with the names of its rules (`names`, `baseNames`: the rules by position). */
export function unpack(s: PackedSubject, names: readonly string[], baseNames: readonly string[] = []): SubjectResult {
  const { matched, baseline, ...rest } = s;
  return { ...rest, matched: matched.map((i) => names[i]!), ...(baseline ? { baseline: { matched: baseline.matched.map((i) => baseNames[i]!) } } : {}) };
}
