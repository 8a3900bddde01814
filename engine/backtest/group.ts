/**
 * Both passes of a backtest on one thread (a worker's, or the main one's):
 * `indexFiles` reads files and places their payloads in groups (pieces.ts), a large
 * analysis file from its head alone when that names its contact;
 * files are read synchronously: a worker thread has nothing else to do meanwhile, and
 * one read call costs far less than the promise API's open, stat, read and close;
 * `evaluateGroups` reads the files of each group (again, for the small ones), feeds
 * its payloads in order through the pipeline's own ingestor on a fresh in-memory
 * state (no DynamoDB), and sums up what the rules did per contact.
 */
import { closeSync, readSync } from 'node:fs';
import { decodeInput, InputRefusal, openInputFile, readInputFile } from '../rulefiles/read-input.ts';
import { ContactFactsCache } from '../context/contact-record.ts';
import { parseEventText } from '../ingest/event-text.ts';
import { parseEventTextWarning } from '../ingest/event-text-checked.ts';
import type { InstanceDirectory } from '../ingest/instances.ts';
import type { ObjectReader, ObjectRef } from '../ingest/s3.ts';
import { pipelineConfigFromEnv } from '../pipeline/config.ts';
import type { Deduplicator } from '../pipeline/dedup.ts';
import { Ingestor } from '../pipeline/ingestor.ts';
import { MemoryStateStore } from '../pipeline/memory-state-store.ts';
import { SILENT_LOGGER, Telemetry } from '../pipeline/telemetry.ts';
import { directJoin } from './direct.ts';
import { RuleSetEvaluator } from './evaluator.ts';
import { PHASE, place, problemOf, sniffAnalysisContact, SNIFF_MIN_CHARS, unitsOf, type Problem, type Unit } from './pieces.ts';
import { BacktestProcessor, type EventObservation } from './processor.ts';
import type { BacktestRule } from './rules.ts';
import { evaluatedCounts, summarise, type EvaluatedCounts, type PackedSubject } from './subjects.ts';

export type { PackedSubject, SubjectResult } from './subjects.ts';

export interface PlacedPiece {
  readonly group: string;
  readonly phase: number;
  readonly pointer: string;
}

export interface FileIndex {
  readonly pieces: readonly PlacedPiece[];
  readonly problems: readonly Problem[];
}

/** How much of a large file the index pass reads first: Contact Lens's members before `Transcript` fit (a real file's start at 3.8 KB). */
export const HEAD_BYTES = 8 * 1024;

/** The head of each file the index pass reads, one per thread: reused, so a file costs no buffer of its own. */
const head = Buffer.allocUnsafe(HEAD_BYTES);

/**
 * A file's text, or for a large file whose contact its first kilobytes name, only
 * that contact: the index pass then reads no more of it (the evaluation pass reads
 * it whole, once). Anything else is read whole. A file smaller than the head (a
 * contact record) is read in one call. Opened as every input file is (read-input.ts).
 */
function readForIndex(path: string): { text: string } | { sniffed: string } {
  // Only a regular file within the event limit is opened for reading (a FIFO would block, /dev/zero never end).
  const { fd, size } = openInputFile(path, 'event');
  try {
    const first = readInto(fd, head, 0, HEAD_BYTES);
    if (first < HEAD_BYTES) return { text: decodeInput(head.subarray(0, first)) };
    if (size >= SNIFF_MIN_CHARS) {
      // A cut UTF-8 sequence at the end decodes to U+FFFD: the sniff needs only ASCII members.
      const sniffed = sniffAnalysisContact(head.toString('utf8', 0, first));
      if (sniffed) return { sniffed };
    }
    // The size read at open: a file grown since is read no further (within its kind's limit).
    const buffer = Buffer.allocUnsafe(Math.max(size, first));
    head.copy(buffer, 0, 0, first);
    const read = first + readInto(fd, buffer, first, buffer.length - first);
    return { text: decodeInput(buffer.subarray(0, read)) };
  } finally {
    closeSync(fd);
  }
}

/** A file refused unread (a named pipe, over the size limit, not UTF-8) is not read, as the walker's skips are; anything else its problem. */
const readFailure = (err: unknown, label: string): Problem =>
  err instanceof InputRefusal ? { label, reason: 'not-read', message: `${label}: ${err.reason}` } : problemOf(err, label);

/** Reads up to `length` bytes at `offset` (the file may shrink meanwhile). */
function readInto(fd: number, buffer: Buffer, offset: number, length: number): number {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, offset + done, length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** Several files, one index each (fewer messages between threads). */
export function indexFiles(files: readonly { readonly path: string; readonly label: string }[], directory: InstanceDirectory): FileIndex[] {
  return files.map((f) => indexFile(f.path, f.label, directory));
}

export function indexFile(path: string, label: string, directory: InstanceDirectory): FileIndex {
  const pieces: PlacedPiece[] = [];
  const problems: Problem[] = [];
  let doc: unknown;
  let read: ReturnType<typeof readForIndex>;
  try {
    read = readForIndex(path);
  } catch (err) {
    return { pieces, problems: [readFailure(err, label)] };
  }
  // A large analysis file needs no parse (nor read past its head) to be placed: its contact is read from the text.
  if ('sniffed' in read) return { pieces: [{ group: `c:${read.sniffed}`, phase: PHASE.after!, pointer: '' }], problems };
  try {
    doc = parseEventText(read.text, label);
  } catch (err) {
    return { pieces, problems: [problemOf(err, label)] };
  }
  for (const unit of unitsOf(doc, label)) {
    if (!('payload' in unit)) {
      problems.push(unit);
      continue;
    }
    try {
      const placed = place(unit, directory);
      if ('group' in placed) pieces.push({ group: placed.group, phase: placed.phase, pointer: unit.pointer });
      else problems.push(placed);
    } catch (err) {
      problems.push(problemOf(err, unit.label));
    }
  }
  return { pieces, problems };
}

/** A group to evaluate: its inputs in the order they are fed. */
export interface GroupTask {
  readonly group?: string;
  readonly items: readonly GroupItem[];
}

/** One input of a group: a payload of a file. */
export interface GroupItem {
  readonly path: string;
  readonly label: string;
  readonly pointer: string;
}

export interface GroupResult {
  readonly subjects: readonly PackedSubject[];
  readonly evaluated: EvaluatedCounts;
  readonly problems: readonly Problem[];
  readonly duplicates: number;
  /** Per file with a key written twice (the last is read), its warning: at the second. */
  readonly duplicateKeys: readonly { readonly file: string; readonly warning: string }[];
  /** Payloads fed through the ingestor. */
  readonly payloads: number;
}

export interface EvaluatorSetup {
  readonly rules: readonly BacktestRule[];
  readonly baseline?: readonly BacktestRule[];
  readonly directory: InstanceDirectory;
  readonly explainContact?: string;
  /**
   * Whose action requests to resolve: `all` (the CSV has them all), or the `examples`
   * smallest subject ids per rule this thread sees (the report's examples are the
   * smallest overall, so they are among them).
   */
  readonly actions?: 'all' | { readonly examples: number };
  /** Every group through the pipeline's ingestor, the common one too (direct.ts; its test compares the two). */
  readonly ingestorOnly?: boolean;
}

/** The compiled rules of a thread, once. */
export class GroupEvaluator {
  private readonly rules: RuleSetEvaluator;
  private readonly baseline?: RuleSetEvaluator;
  private readonly config;
  /** Per rule, the smallest subject ids whose actions were resolved (at most `examples`). */
  private readonly examples = new Map<string, string[]>();

  constructor(private readonly setup: EvaluatorSetup) {
    this.rules = new RuleSetEvaluator(setup.rules);
    if (setup.baseline) this.baseline = new RuleSetEvaluator(setup.baseline);
    this.config = pipelineConfigFromEnv(process.env, { instances: setup.directory, analysisOutput: 'any', contactRecordGraceSeconds: 0 });
  }

  private wantActions(rule: string, subject: string): boolean {
    const n = typeof this.setup.actions === 'object' ? this.setup.actions.examples : 5;
    if (n <= 0) return false;
    let kept = this.examples.get(rule);
    if (!kept) this.examples.set(rule, (kept = []));
    if (kept.length >= n && subject >= kept[kept.length - 1]!) return false;
    if (!kept.includes(subject)) {
      kept.push(subject);
      kept.sort();
      if (kept.length > n) kept.length = n;
    }
    return true;
  }

  /** Several groups, one after the other, as one result (fewer messages between threads). */
  async evaluateGroups(groups: readonly GroupTask[]): Promise<GroupResult> {
    const evaluated = evaluatedCounts(this.rules.names.length, this.baseline?.names.length);
    const out = { subjects: [] as PackedSubject[], evaluated, problems: [] as Problem[], duplicates: 0, duplicateKeys: [] as GroupResult['duplicateKeys'][number][], payloads: 0 };
    for (const g of groups) {
      const r = await this.evaluate(g.items, g.group, evaluated);
      out.subjects.push(...r.subjects);
      out.problems.push(...r.problems);
      out.duplicateKeys.push(...r.duplicateKeys);
      out.duplicates += r.duplicates;
      out.payloads += r.payloads;
    }
    return out;
  }

  /** `counts`: where the subjects each rule was evaluated on are added (a fresh one by default). */
  async evaluate(
    items: readonly GroupItem[],
    group?: string,
    counts: EvaluatedCounts = evaluatedCounts(this.rules.names.length, this.baseline?.names.length),
  ): Promise<GroupResult> {
    // Each file read once, its payloads by pointer.
    const payloads = new Map<string, Unit>();
    const problems: Problem[] = [];
    // Said once a file by the report, which hears a file of several groups from each.
    const duplicateKeys: { file: string; warning: string }[] = [];
    for (const path of new Set(items.map((i) => i.path))) {
      const wanted = new Set(items.filter((i) => i.path === path).map((i) => i.pointer));
      const label = items.find((i) => i.path === path)!.label.replace(/#.*$/, '');
      try {
        const { value: doc, duplicateKey } = parseEventTextWarning(readInputFile(path, 'event'), label);
        if (duplicateKey) duplicateKeys.push({ file: label, warning: duplicateKey });
        for (const unit of unitsOf(doc, label)) if ('payload' in unit && wanted.has(unit.pointer)) payloads.set(`${path}\u0000${unit.pointer}`, unit);
      } catch (err) {
        // A file the index pass only sniffed is read whole here first: a refusal (bytes that are not UTF-8) is said as the index pass says it.
        problems.push(readFailure(err, label));
      }
    }

    const observations: EventObservation[] = [];
    const processor = new BacktestProcessor({
      rules: this.rules,
      ...(this.baseline ? { baseline: this.baseline } : {}),
      ...(this.setup.explainContact ? { explainContact: this.setup.explainContact } : {}),
      region: this.config.region,
      accountId: this.config.accountId,
      observe: (o) => observations.push(o),
      ...(this.setup.actions === 'all' ? {} : { wantActions: (rule: string, subject: string) => this.wantActions(rule, subject) }),
    });
    const reader: ObjectReader = {
      read: async (ref: ObjectRef) => {
        const unit = ref.kind === 'file' ? payloads.get(`${ref.path}\u0000${ref.pointer ?? ''}`) : undefined;
        if (!unit) throw new Error(`backtest: ${ref.kind === 'file' ? ref.path : ref.key} is not an input of this contact`);
        return JSON.stringify(unit.payload);
      },
    };
    const dedup = memoryDedup();
    // Each contact record normalised once: here for the report's day and queue, then by the join and the trigger event.
    const contactFacts = new ContactFactsCache();

    // The common group, a contact record then an analysis of its contact, joined without the ingestor (direct.ts).
    // The cheap tests before the payloads are looked up.
    const [first, second] = !this.setup.ingestorOnly && group && items.length === 2 ? items.map((i) => payloads.get(`${i.path}\u0000${i.pointer}`)) : [];
    if (first && second) {
      const joined = directJoin(first, second, { instances: this.setup.directory, contactFacts });
      if (joined && group === `c:${joined.contactId}`) {
        try {
          // Under the analysis's delivery key, as the ingestor hands it to the processor (below: a large file's, by its place).
          await processor.processTriggerEvent(joined.event, { eventKey: placeKey(items[1]!), contactTags: joined.contactTags });
          const { facts } = joined;
          return { subjects: summarise(observations, facts.InitiationTimestamp, { id: facts.Queue?.Id, name: facts.Queue?.Name }, counts), evaluated: counts, problems, duplicates: 0, duplicateKeys, payloads: 2 };
        } catch {
          observations.length = 0; // the ingestor's own error result instead
        }
      }
    }
    const ingestor = new Ingestor({ config: this.config, store: new MemoryStateStore(), processor, dedup, reader, telemetry: new Telemetry(SILENT_LOGGER), now: () => new Date(0), contactFacts });

    let duplicates = 0;
    let time: string | undefined;
    const queue: { id?: string; name?: string } = {};
    const take = (results: Awaited<ReturnType<Ingestor['dispatch']>>) => {
      for (const r of results) {
        if (r.status === 'duplicate') duplicates++;
        if (r.status === 'error') problems.push({ label: r.label, reason: r.error?.reason ?? 'failure', message: r.error?.message ?? r.detail ?? 'failed' });
      }
    };
    let fed = 0;
    // A contact record is deduplicated by its content (a hash of all of it): needless when it is its group's only one.
    let records = 0;
    for (const unit of payloads.values()) if (unit.kind === 'contact-record') records++;
    for (const item of items) {
      const unit = payloads.get(`${item.path}\u0000${item.pointer}`);
      if (!unit) continue;
      fed++;
      if (group && unit.kind === 'analysis-file') {
        // Placed by its text in the first pass: the parse must agree.
        const placed = place(unit, this.setup.directory);
        if ('group' in placed && placed.group !== group) {
          problems.push({ label: unit.label, reason: 'misplaced', message: `${unit.label}: read as contact ${group.slice(2)} but is ${placed.group.slice(2)}; not evaluated` });
          continue;
        }
      }
      if (unit.kind === 'contact-record') {
        try {
          const facts = contactFacts.of(unit.payload, unit.label);
          time ??= facts.InitiationTimestamp;
          queue.id ??= facts.Queue?.Id;
          queue.name ??= facts.Queue?.Name;
        } catch {
          // reported by the ingestor
        }
      }
      const big = unit.kind === 'analysis-file' || unit.kind === 'evaluation-export';
      // Large files are identified by where they are, not by hashing their content; so is a contact record with no other to repeat.
      const byPlace = big || (unit.kind === 'contact-record' && records === 1);
      const deliveryKey = unit.deliveryKey ?? (byPlace ? placeKey(item) : undefined);
      take(await ingestor.dispatch(unit.payload, { label: unit.label, ref: { kind: 'file', path: item.path, pointer: item.pointer }, ...(deliveryKey ? { deliveryKey } : {}) }));
    }
    // Analyses that never got a contact record: evaluated without one, as the sweep would.
    take(await ingestor.sweep('all', 10_000));
    return { subjects: summarise(observations, time, queue, counts), evaluated: counts, problems, duplicates, duplicateKeys, payloads: fed };
  }
}

/** The delivery key of a payload identified by where it is (a file and the pointer in it), not by its content. */
const placeKey = (item: GroupItem) => `file:${item.path}#${item.pointer}`;

function memoryDedup(): Deduplicator {
  const done = new Map<string, unknown>();
  return {
    async once(key, work) {
      if (done.has(key)) return { result: done.get(key) as never, ran: false };
      const result = await work();
      done.set(key, result);
      return { result, ran: true };
    },
  };
}
