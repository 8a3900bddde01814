/**
 * The backtest report, summed up from subject results as they arrive (in any order:
 * lists are sorted at the end, so the report does not depend on the number of
 * workers). What is kept grows with the matches, never with the size of the inputs.
 */
import { CATALOGUE } from '../../grammar/catalogue/index.ts';
import type { ActionRequest } from '../actions/preview.ts';
import { byName } from './evaluator.ts';
import type { GroupResult } from './group.ts';
import { unpack, type PackedSubject, type SubjectResult } from './subjects.ts';
import type { Problem } from './pieces.ts';
import type { BacktestRule } from './rules.ts';

export interface RuleReport {
  readonly name: string;
  readonly source: string;
  readonly file: string;
  /** Contacts (or events about no contact) the rule was evaluated on. */
  readonly evaluated: number;
  readonly matched: number;
  readonly rate: number;
  /** Every matched contact, sorted. */
  readonly contacts: readonly string[];
  /** The first matched contacts (by id) with the requests their actions would make. */
  readonly examples: readonly { readonly contact: string; readonly actions: readonly ActionRequest[] }[];
  /** Matches per day (UTC) of the contact, `unknown` when no date is known. */
  readonly byDay: Readonly<Record<string, number>>;
  /** Matches per queue id (a queue named by its record alone: its name; `unknown` when none is known); `BacktestReport.queues` names them. */
  readonly byQueue: Readonly<Record<string, number>>;
  readonly baseline?: { readonly evaluated: number; readonly matched: number };
}

export interface RuleChange {
  readonly rule: string;
  readonly source: string;
  /** `both`: the rule is in the rules and the baseline; else the only side it is in. */
  readonly in: 'both' | 'rules' | 'baseline';
  readonly newlyMatched: readonly string[];
  readonly noLongerMatched: readonly string[];
}

export interface BacktestReport {
  readonly summary: {
    readonly contacts: number;
    readonly files: number;
    readonly skipped: number;
    readonly seconds: number;
    readonly payloads: number;
    readonly duplicates: number;
    /** Files with a key written twice in one object (the last is read, as the pipeline reads it). */
    readonly duplicateKeys: number;
    readonly workers: number;
    /** Skipped files and payloads per reason. */
    readonly skippedByReason: Readonly<Record<string, number>>;
  };
  readonly rules: readonly RuleReport[];
  /** The name of each queue id that a contact record names (the latest contact's, if it was renamed). */
  readonly queues: Readonly<Record<string, string>>;
  readonly changes: readonly RuleChange[];
  /** Every skipped file or payload (`file#n`), with the reason. */
  readonly skipped: readonly { readonly file: string; readonly reason: string; readonly message: string }[];
  /** Every file with a key written twice, by name, with its warning (at the second). */
  readonly duplicateKeys: readonly { readonly file: string; readonly warning: string }[];
  /** The contact chosen with --explain, if it was found. */
  readonly explain?: { readonly contact: string } & Pick<SubjectResult, 'matched' | 'sources' | 'explain' | 'baseline'>;
}

interface RuleTally {
  readonly rule: BacktestRule;
  evaluated: number;
  readonly contacts: string[];
  examples: { contact: string; actions: ActionRequest[] }[];
  readonly byDay: Map<string, number>;
  readonly byQueue: Map<string, number>;
  baseEvaluated: number;
  baseMatched: number;
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
/** A sorted copy; a list already in order (run.ts applies results in the order of the contacts) is only copied. */
const sorted = (xs: readonly string[]) => {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1]! > xs[i]!) return [...xs].sort();
  return xs.slice();
};

/** The sources whose events carry a transcript (those with a transcript condition): a contact worth explaining has one. */
const TRANSCRIPT_SOURCES: ReadonlySet<string> = new Set(
  Object.values(CATALOGUE)
    .filter((c) => c.conditions.some((row) => row.value.kind === 'transcript'))
    .map((c) => c.source),
);

export class ReportBuilder {
  private readonly tallies = new Map<string, RuleTally>();
  /** The tallies by rule position (workers send positions); the baseline's names by position. */
  private readonly byPosition: RuleTally[];
  readonly names: readonly string[];
  readonly baseNames: readonly string[];
  private readonly baselineRules = new Map<string, BacktestRule>();
  private readonly changes = new Map<string, { newly: string[]; gone: string[] }>();
  private readonly problems: Problem[] = [];
  private contacts = 0;
  private payloads = 0;
  private duplicates = 0;
  /** By file: a file of several groups is heard from each. */
  private readonly duplicateKeys = new Map<string, string>();
  private explained?: BacktestReport['explain'];
  /** Per queue id, the name its latest contact record gives. */
  private readonly queueNames = new Map<string, { name: string; time: string }>();
  /** The contact with a transcript that matched the most rules (the smallest id among equals). */
  private withTranscript?: { contact: string; matched: number };

  constructor(
    rules: readonly BacktestRule[],
    private readonly baseline: readonly BacktestRule[] | undefined,
    private readonly options: { readonly examples: number; readonly explainContact?: string },
  ) {
    for (const rule of rules) {
      this.tallies.set(rule.Name, { rule, evaluated: 0, contacts: [], examples: [], byDay: new Map(), byQueue: new Map(), baseEvaluated: 0, baseMatched: 0 });
    }
    for (const rule of baseline ?? []) this.baselineRules.set(rule.Name, rule);
    this.names = byName(rules).map((r) => r.Name);
    this.byPosition = this.names.map((name) => this.tallies.get(name)!);
    this.baseNames = byName(baseline ?? []).map((r) => r.Name);
  }

  problem(p: Problem): void {
    this.problems.push(p);
  }

  group(result: GroupResult): void {
    this.payloads += result.payloads;
    this.duplicates += result.duplicates;
    for (const p of result.problems) this.problems.push(p);
    for (const d of result.duplicateKeys) this.duplicateKeys.set(d.file, d.warning);
    result.evaluated.rules.forEach((n, i) => (this.byPosition[i]!.evaluated += n));
    result.evaluated.baseline?.forEach((n, i) => {
      const t = this.tallies.get(this.baseNames[i]!);
      if (t) t.baseEvaluated += n;
    });
    for (const s of result.subjects) this.subject(s);
  }

  private subject(s: PackedSubject): void {
    this.contacts++;
    const day = s.time ? s.time.slice(0, 10) : 'unknown';
    for (const i of s.matched) {
      const t = this.byPosition[i]!;
      t.contacts.push(s.subject);
      bump(t.byDay, day);
      bump(t.byQueue, s.queueId ?? s.queueName ?? 'unknown');
      this.example(t, s.subject, s.actions);
    }
    if (s.queueId && s.queueName) {
      // Whatever the arrival order: the latest contact's name, the smaller one among equals.
      const known = this.queueNames.get(s.queueId);
      const time = s.time ?? '';
      if (!known || time > known.time || (time === known.time && s.queueName < known.name)) this.queueNames.set(s.queueId, { name: s.queueName, time });
    }
    if (s.contactId && s.sources.some((source) => TRANSCRIPT_SOURCES.has(source))) {
      const best = this.withTranscript;
      if (!best || s.matched.length > best.matched || (s.matched.length === best.matched && s.contactId < best.contact)) {
        this.withTranscript = { contact: s.contactId, matched: s.matched.length };
      }
    }
    if (s.baseline) {
      const now = new Set(s.matched.map((i) => this.names[i]!));
      const before = new Set(s.baseline.matched.map((i) => this.baseNames[i]!));
      for (const name of before) {
        const t = this.tallies.get(name);
        if (t) t.baseMatched++;
        if (!now.has(name)) this.change(name).gone.push(s.subject);
      }
      for (const name of now) if (!before.has(name)) this.change(name).newly.push(s.subject);
    }
    if (s.explain && this.options.explainContact === s.contactId) this.explainWith(this.unpack(s));
  }

  /** A worker's subject with rule names. */
  unpack(s: PackedSubject): SubjectResult {
    return unpack(s, this.names, this.baseNames);
  }

  /** The contact the report explains. */
  explainWith(s: SubjectResult): void {
    this.explained = { contact: s.subject, matched: s.matched, sources: s.sources, ...(s.explain ? { explain: s.explain } : {}), ...(s.baseline ? { baseline: s.baseline } : {}) };
  }

  get hasExplain(): boolean {
    return this.explained !== undefined;
  }

  /**
   * The contact worth explaining: of those with a transcript, the one that matched the
   * most rules (the smallest id among equals); with none, the first contact (by id) of
   * the rule that matched the most contacts.
   */
  mostMatchedContact(): string | undefined {
    if (this.withTranscript) return this.withTranscript.contact;
    const ranked = [...this.tallies.values()].sort((a, b) => b.contacts.length - a.contacts.length);
    for (const t of ranked) {
      const first = sorted(t.contacts.filter((c) => !c.startsWith('event:')))[0];
      if (first) return first;
    }
    return undefined;
  }

  private change(name: string): { newly: string[]; gone: string[] } {
    let c = this.changes.get(name);
    if (!c) this.changes.set(name, (c = { newly: [], gone: [] }));
    return c;
  }

  /** Keeps the `examples` smallest contact ids, whatever the arrival order. */
  private example(t: RuleTally, contact: string, all: readonly ActionRequest[]): void {
    const n = this.options.examples;
    if (n <= 0) return;
    if (t.examples.length >= n && contact >= t.examples[t.examples.length - 1]!.contact) return;
    t.examples.push({ contact, actions: all.filter((a) => a.rule === t.rule.Name) });
    t.examples.sort((a, b) => (a.contact < b.contact ? -1 : 1));
    if (t.examples.length > n) t.examples.length = n;
  }

  build(files: number, seconds: number, workers: number): BacktestReport {
    const rules: RuleReport[] = [...this.tallies.values()].map((t) => ({
      name: t.rule.Name,
      source: t.rule.TriggerEventSource.EventSourceName,
      file: t.rule.file,
      evaluated: t.evaluated,
      matched: t.contacts.length,
      rate: t.evaluated === 0 ? 0 : t.contacts.length / t.evaluated,
      contacts: sorted(t.contacts),
      examples: t.examples,
      byDay: Object.fromEntries([...t.byDay].sort()),
      byQueue: Object.fromEntries([...t.byQueue].sort()),
      ...(this.baseline ? { baseline: { evaluated: t.baseEvaluated, matched: t.baseMatched } } : {}),
    }));
    const changes: RuleChange[] = [...this.changes]
      .map(([name, c]) => {
        const rule = this.tallies.get(name)?.rule ?? this.baselineRules.get(name)!;
        const side: RuleChange['in'] = this.tallies.has(name) && this.baselineRules.has(name) ? 'both' : this.tallies.has(name) ? 'rules' : 'baseline';
        return { rule: name, source: rule.TriggerEventSource.EventSourceName, in: side, newlyMatched: sorted(c.newly), noLongerMatched: sorted(c.gone) };
      })
      .sort((a, b) => (a.rule < b.rule ? -1 : 1));
    const skippedByReason: Record<string, number> = {};
    for (const p of this.problems) skippedByReason[p.reason] = (skippedByReason[p.reason] ?? 0) + 1;
    return {
      summary: {
        contacts: this.contacts,
        files,
        skipped: this.problems.length,
        seconds: Math.round(seconds * 1000) / 1000,
        payloads: this.payloads,
        duplicates: this.duplicates,
        duplicateKeys: this.duplicateKeys.size,
        workers,
        skippedByReason,
      },
      rules: rules.sort((a, b) => (a.name < b.name ? -1 : 1)),
      queues: Object.fromEntries([...this.queueNames].map(([id, q]) => [id, q.name]).sort()),
      changes,
      skipped: [...this.problems].sort((a, b) => (a.label < b.label ? -1 : 1)).map((p) => ({ file: p.label, reason: p.reason, message: p.message })),
      duplicateKeys: [...this.duplicateKeys].sort(([a], [b]) => (a < b ? -1 : 1)).map(([file, warning]) => ({ file, warning })),
      ...(this.explained ? { explain: this.explained } : {}),
    };
  }
}
