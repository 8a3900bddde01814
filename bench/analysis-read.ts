/**
 * Issue 13, session 10: what reading the analysis file's text ourselves saves against
 * `JSON.parse` of all of it (docs/performance.md "Session 10"). Per event of the evaluation
 * bench's workload (200 generated 10-minute calls), CPU µs of:
 *
 * - the whole one-rule event (JSON.parse of both files, build, match), and json-rules-
 *   engine's (JSON.parse of both, build, its run): the 1-rule target is ours ≤ half of it;
 * - (a) JSON.parse of the analysis file; the CTR's JSON.parse;
 * - (b) JSON.parse of the analysis file with the Transcript array's items cut out (the
 *   text spliced around them with a sentinel, as a reader would);
 * - (c) the text copied into WebAssembly memory (`encodeInto`);
 * - (d) a scan in JavaScript of the transcript's text finding each item's members
 *   (Content's bounds, ParticipantId, Begin/EndOffsetMillis, Sentiment; others skipped),
 *   without checking string contents; (d') the control-character check such a scan needs
 *   so that a text JSON.parse refuses is never accepted (one regular expression over the
 *   transcript's text); (d'') a WebAssembly pass over the transcript's bytes finding its
 *   quotes and backslashes 16 at a time (SIMD), the floor of a scan in WebAssembly;
 * - the reader built from these figures (engine/ingest/analysis-text/read.ts), whole:
 *   (b), (c), its WebAssembly scan and the items made from its columns; and the one-rule
 *   event with it (`parseEventText`, as the pipeline reads files);
 * - (e) the per-text word scan (word-scan.ts `read`, the 500 rules' words) of every
 *   text of a call: on JSON.parse's strings, and on the reader's (slices of the file's text).
 *
 * Cells interleaved in 25 ms slices in a random order in one process (process.cpuUsage),
 * ROUNDS rounds of SLICES slices a cell; median of the rounds [lowest – highest]. Not part
 * of `npm run bench`.
 *
 *     ROUNDS=15 node --import tsx bench/analysis-read.ts
 */
import { loadavg } from 'node:os';
import { buildTriggerEvent } from '../engine/context/index.ts';
import { readAnalysisText } from '../engine/ingest/analysis-text/read.ts';
import { parseEventText } from '../engine/ingest/event-text.ts';
import { compileRuleSet } from '../engine/ruleset/index.ts';
import { WordDictionary } from '../engine/transcript/word-scan.ts';
import { checkFunction } from '../grammar/index.ts';
import { uleb } from '../engine/ingest/analysis-text/scan-assembly.ts';
import { jreEngine } from './evaluation.ts';
import { generateCalls, generateRules } from './workload.ts';

const SOURCE = 'OnPostCallAnalysisAvailable';
const SLICE_MS = 25;
const SLICES = Number(process.env.SLICES ?? 6);
const rounds = Number(process.env.ROUNDS ?? 11);
const calls = generateCalls(200);
const rules = generateRules(500);
const set1 = compileRuleSet([{ name: 'rule-0', source: SOURCE, function: checkFunction(rules[0]!.function, SOURCE).document! }]);
const cpu = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

// json-rules-engine with rule 0, as bench/evaluation.ts sets it up.
const jre = jreEngine(rules.slice(0, 1));

// --- (d) a scan of the transcript's text ---

const WS = new Uint8Array(128);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1;
const skipWs = (t: string, p: number): number => {
  let c = t.charCodeAt(p);
  while (c < 128 && WS[c]) c = t.charCodeAt(++p);
  return p;
};

/** What the scan keeps per item. */
class Columns {
  n = 0;
  contentFrom = new Int32Array(1024);
  contentTo = new Int32Array(1024);
  begin = new Float64Array(1024);
  end = new Float64Array(1024);
  participant: string[] = [];
  sentiment: string[] = [];
}
const FIELD_CONTENT = 1, FIELD_PARTICIPANT = 2, FIELD_BEGIN = 3, FIELD_END = 4, FIELD_SENTIMENT = 5;
/** The member a key names (0: one the reader skips): by length, then the text. */
function fieldOf(t: string, from: number, to: number): number {
  switch (to - from) {
    case 7: return t.startsWith('Content', from) ? FIELD_CONTENT : 0;
    case 9: return t.startsWith('Sentiment', from) ? FIELD_SENTIMENT : 0;
    case 13: return t.startsWith('ParticipantId', from) ? FIELD_PARTICIPANT : 0;
    case 15: return t.startsWith('EndOffsetMillis', from) ? FIELD_END : 0;
    case 17: return t.startsWith('BeginOffsetMillis', from) ? FIELD_BEGIN : 0;
    default: return 0;
  }
}
/** Where the string starting at the quote at `p` ends (after its closing quote); -1 when it holds a backslash (the reader's slow path). */
let nextBackslash = 0;
function stringEnd(t: string, p: number): number {
  const q = t.indexOf('"', p + 1);
  if (q < 0) return -1;
  if (nextBackslash < p) {
    nextBackslash = t.indexOf('\\', p);
    if (nextBackslash < 0) nextBackslash = t.length;
  }
  if (nextBackslash < q) return -1;
  return q + 1;
}
/** A JSON number of digits only at `p` (else NaN: the reader's slow path); its end in `numberEnd`. */
let numberEnd = 0;
function digits(t: string, p: number): number {
  let v = 0;
  let c = t.charCodeAt(p);
  const start = p;
  while (c >= 48 && c <= 57) {
    v = v * 10 + (c - 48);
    c = t.charCodeAt(++p);
  }
  numberEnd = p;
  if (p === start || (t.charCodeAt(start) === 48 && p > start + 1) || c === 46 || c === 101 || c === 69) return NaN;
  return v;
}
/** Skips any value at `p` (strings, numbers, literals, arrays and objects by depth); its end, or -1. */
function skipValue(t: string, p: number): number {
  let depth = 0;
  for (;;) {
    const c = t.charCodeAt(p);
    if (c === 34) {
      p = stringEnd(t, p);
      if (p < 0) return -1;
    } else if (c === 91 || c === 123) (depth++, p++);
    else if (c === 93 || c === 125) {
      if (--depth < 0) return -1;
      p++;
    } else if (c === 44 || c === 58 || (c < 128 && WS[c])) {
      if (depth === 0) return p;
      p++;
    } else if (Number.isNaN(c)) return -1;
    else p++;
    if (depth === 0) return p;
  }
}
const roles = new Map<string, string>();
const intern = (t: string, from: number, to: number): string => {
  // Roles and sentiments are a few short strings: compare before slicing.
  const s = t.slice(from, to);
  let v = roles.get(s);
  if (v === undefined) roles.set(s, (v = s));
  return v;
};
/** Scans the transcript array at `p` (its `[`) into `out`; the position after its `]`, or -1 (the reader would fall back to JSON.parse). */
function scanTranscript(t: string, p: number, out: Columns): number {
  nextBackslash = -2;
  out.n = 0;
  p = skipWs(t, p + 1);
  if (t.charCodeAt(p) === 93) return p + 1;
  for (;;) {
    if (t.charCodeAt(p) !== 123) return -1;
    const k = out.n++;
    let seen = 0;
    out.contentFrom[k] = -1;
    p = skipWs(t, p + 1);
    if (t.charCodeAt(p) !== 125) {
      for (;;) {
        if (t.charCodeAt(p) !== 34) return -1;
        const keyEnd = stringEnd(t, p);
        if (keyEnd < 0) return -1;
        const field = fieldOf(t, p + 1, keyEnd - 1);
        p = skipWs(t, keyEnd);
        if (t.charCodeAt(p) !== 58) return -1;
        p = skipWs(t, p + 1);
        if (field !== 0) {
          // a member read twice: JSON.parse keeps the last; the reader falls back
          if (seen & (1 << field)) return -1;
          seen |= 1 << field;
        }
        if (field === FIELD_BEGIN || field === FIELD_END) {
          const v = digits(t, p);
          if (Number.isNaN(v)) return -1;
          (field === FIELD_BEGIN ? out.begin : out.end)[k] = v;
          p = numberEnd;
        } else if (field !== 0) {
          if (t.charCodeAt(p) !== 34) return -1;
          const e = stringEnd(t, p);
          if (e < 0) return -1;
          if (field === FIELD_CONTENT) {
            out.contentFrom[k] = p + 1;
            out.contentTo[k] = e - 1;
          } else (field === FIELD_PARTICIPANT ? out.participant : out.sentiment)[k] = intern(t, p + 1, e - 1);
          p = e;
        } else {
          p = skipValue(t, p);
          if (p < 0) return -1;
        }
        p = skipWs(t, p);
        const c = t.charCodeAt(p);
        if (c === 125) break;
        if (c !== 44) return -1;
        p = skipWs(t, p + 1);
      }
    }
    p = skipWs(t, p + 1);
    const c = t.charCodeAt(p);
    if (c === 93) return p + 1;
    if (c !== 44) return -1;
    p = skipWs(t, p + 1);
  }
}
/** Where the top-level Transcript's `[` is (the sentinel splice checks that it is the top level's). */
function transcriptStart(t: string): number {
  const at = t.indexOf('"Transcript"');
  if (at < 0) return -1;
  const p = skipWs(t, at + 12);
  return t.charCodeAt(p) === 58 ? skipWs(t, p + 1) : -1;
}

const columns = new Columns();
const encoder = new TextEncoder();
const SENTINEL = '"\\u0000transcript"';
const CONTROL = /[\u0000-\u001f]/;

// Each call's transcript bounds, found once (for the cells that time a part alone).
const bounds = calls.map((c) => {
  const from = transcriptStart(c.analysis);
  const to = scanTranscript(c.analysis, from, columns);
  if (to < 0) throw new Error('scan fell back on a bench call');
  return { from, to };
});
// The scan agrees with JSON.parse on every call (else its figures mean nothing).
calls.forEach((c, i) => {
  const items = JSON.parse(c.analysis).Transcript as any[];
  scanTranscript(c.analysis, bounds[i]!.from, columns);
  if (columns.n !== items.length) throw new Error(`call ${i}: ${columns.n} items scanned, ${items.length} parsed`);
  items.forEach((item, k) => {
    const content = c.analysis.slice(columns.contentFrom[k], columns.contentTo[k]);
    if (content !== item.Content || columns.begin[k] !== item.BeginOffsetMillis || columns.end[k] !== item.EndOffsetMillis || columns.participant[k] !== item.ParticipantId || columns.sentiment[k] !== item.Sentiment)
      throw new Error(`call ${i} item ${k} differs`);
  });
  const rest = JSON.parse(c.analysis.slice(0, bounds[i]!.from) + SENTINEL + c.analysis.slice(bounds[i]!.to));
  if (rest.Transcript !== '\u0000transcript') throw new Error('sentinel not at the top level');
});

// --- (c), (d''): the text in WebAssembly memory, and a SIMD pass over it ---

/**
 * A module exporting `quotes(from, to)`: the count of `"` and `\` bytes in memory[from, to)
 * (to − from a multiple of 16), 16 bytes at a time: i8x16.eq against each, or'd, bitmask, popcnt.
 */
function simdModule(): Uint8Array {
  const body = [
    0x01, 0x01, 0x7f, // one local i32: count
    0x02, 0x40, 0x03, 0x40,
    0x20, 0x00, 0x20, 0x01, 0x4f, 0x0d, 0x01, // from >= to: break
    0x20, 0x02,
    0x20, 0x00, 0xfd, 0x00, 0x04, 0x00, // v128.load align 16
    0x41, 0x22, 0xfd, 0x0f, // i32.const 34, i8x16.splat
    0xfd, 0x23, // i8x16.eq
    0x20, 0x00, 0xfd, 0x00, 0x04, 0x00,
    0x41, 0xdc, 0x00, 0xfd, 0x0f, // i32.const 92, splat
    0xfd, 0x23, // eq
    0xfd, 0x50, // v128.or
    0xfd, 0x64, // i8x16.bitmask
    0x69, 0x6a, 0x21, 0x02, // popcnt, add, set count
    0x20, 0x00, 0x41, 0x10, 0x6a, 0x21, 0x00, // from += 16
    0x0c, 0x00, 0x0b, 0x0b,
    0x20, 0x02, 0x0b,
  ];
  const code = [0x01, ...uleb(body.length), ...body];
  const name = (n: string) => [n.length, ...Array.from(n, (c) => c.charCodeAt(0))];
  const exports = [0x02, ...name('quotes'), 0x00, 0x00, ...name('memory'), 0x02, 0x00];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, // type (i32, i32) -> i32
    0x03, 0x02, 0x01, 0x00,
    0x05, 0x03, 0x01, 0x00, 0x02, // memory: 2 pages
    0x07, ...uleb(exports.length), ...exports,
    0x0a, ...uleb(code.length), ...code,
  ]);
}
const instance = new WebAssembly.Instance(new WebAssembly.Module(simdModule() as Uint8Array<ArrayBuffer>), {});
const memory = instance.exports.memory as WebAssembly.Memory;
const quotes = instance.exports.quotes as (from: number, to: number) => number;
const bytes = new Uint8Array(memory.buffer);
// the SIMD pass agrees with a count in JavaScript
{
  const t = calls[0]!.analysis;
  const n = encoder.encodeInto(t, bytes).written;
  bytes.fill(0x20, n, n + 16);
  let js = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === '"' || t[i] === '\\') js++;
  if (quotes(0, (n + 15) & ~15) !== js) throw new Error('SIMD count differs');
}

// --- (e) the 500 rules' words, read per text ---

const phraseWords = new Set<string>();
const firstWords = new Set<string>();
for (const r of rules) {
  const fn = JSON.parse(r.function);
  const walk = (node: any): void => {
    if (node?.ComparisonValue?.endsWith('ExactMatch.Transcript'))
      for (const p of node.Operands as string[]) {
        const ws = p.toLowerCase().split(' ');
        ws.forEach((w) => (phraseWords.add(w), phraseWords.add(`${w}s`)));
        firstWords.add(ws[0]!);
      }
    for (const o of node?.Operands ?? []) if (typeof o === 'object') walk(o);
  };
  walk(fn.RuleFunction);
}
const dictionary = new WordDictionary(phraseWords, firstWords);
const emptied = calls.map((c, i) => JSON.stringify((JSON.parse(c.analysis.slice(bounds[i]!.from, bounds[i]!.to)) as any[]).map((item) => ({ ...item, Content: '' }))));
const bare = calls.map((c, i) => JSON.stringify((JSON.parse(c.analysis.slice(bounds[i]!.from, bounds[i]!.to)) as any[]).map(({ Id, LoudnessScore, ...item }) => ({ ...item, Content: '' }))));
const readTexts = calls.map((c) => ((readAnalysisText(c.analysis) as any).Transcript as any[]).map((i) => i.Content as string));
const parsedTexts = calls.map((c) => (JSON.parse(c.analysis).Transcript as any[]).map((i) => i.Content as string));

// --- the cells ---

let sink = 0;
let next = 0;
const callIndex = () => next++ % calls.length;
const cells: { name: string; run: () => unknown; perRound: number[] }[] = [
  { name: 'ours, one rule: JSON.parse of both, build, match', run: () => { const c = calls[callIndex()]!; sink += set1.match(buildTriggerEvent({ event: JSON.parse(c.analysis), contact: JSON.parse(c.ctr) })).length; } },
  { name: 'ours, one rule: parseEventText of both (the reader), build, match', run: () => { const c = calls[callIndex()]!; sink += set1.match(buildTriggerEvent({ event: parseEventText(c.analysis, 'a'), contact: parseEventText(c.ctr, 'c') })).length; } },
  {
    name: 'json-rules-engine, one rule: JSON.parse of both, build, run',
    run: async () => {
      const c = calls[callIndex()]!;
      const event = buildTriggerEvent({ event: JSON.parse(c.analysis), contact: JSON.parse(c.ctr) }) as any;
      sink += (await jre.run({ event, transcript: event.ContactLens.PostCall.Transcript })).results.length;
    },
  },
  { name: '(a) JSON.parse(analysis)', run: () => { sink += Object.keys(JSON.parse(calls[callIndex()]!.analysis)).length; } },
  { name: '    JSON.parse(ctr)', run: () => { sink += Object.keys(JSON.parse(calls[callIndex()]!.ctr)).length; } },
  {
    name: '(b) JSON.parse(analysis without the transcript items, spliced)',
    run: () => {
      const i = callIndex();
      const t = calls[i]!.analysis;
      sink += Object.keys(JSON.parse(t.slice(0, bounds[i]!.from) + SENTINEL + t.slice(bounds[i]!.to))).length;
    },
  },
  { name: '(c) encodeInto(analysis) into WebAssembly memory', run: () => { sink += encoder.encodeInto(calls[callIndex()]!.analysis, bytes).written; } },
  { name: '(d) scan of the transcript (JavaScript)', run: () => { const i = callIndex(); sink += scanTranscript(calls[i]!.analysis, transcriptStart(calls[i]!.analysis), columns); } },
  {
    name: "(d') control characters in the transcript's text (regexp)",
    run: () => {
      const i = callIndex();
      sink += CONTROL.test(calls[i]!.analysis.slice(bounds[i]!.from, bounds[i]!.to)) ? 1 : 0;
    },
  },
  {
    name: "(d'') SIMD pass over the transcript's bytes (after (c))",
    run: () => {
      const i = callIndex();
      const t = calls[i]!.analysis;
      sink += quotes(bounds[i]!.from & ~15, (bounds[i]!.to + 15) & ~15);
      if (t.length < 0) sink++;
    },
  },
  { name: '(b)+(c)+(d-wasm) the reader, whole (engine/ingest/analysis-text/read.ts)', run: () => { sink += Object.keys(readAnalysisText(calls[callIndex()]!.analysis) as object).length; } },
  { name: '    JSON.parse(the transcript array alone)', run: () => { const i = callIndex(); sink += JSON.parse(calls[i]!.analysis.slice(bounds[i]!.from, bounds[i]!.to)).length; } },
  { name: '    JSON.parse(the transcript array, every Content emptied)', run: () => { sink += JSON.parse(emptied[callIndex()]!).length; } },
  { name: '    JSON.parse(the transcript array, every Content emptied, no Id or LoudnessScore)', run: () => { sink += JSON.parse(bare[callIndex()]!).length; } },
  {
    name: '(e) word scan of every text: JSON.parse strings',
    run: () => {
      for (const text of parsedTexts[callIndex()]!) sink += dictionary.read(text);
    },
  },
  {
    name: "(e') word scan of every text: the reader's strings (slices of the file's text)",
    run: () => {
      for (const text of readTexts[callIndex()]!) sink += dictionary.read(text);
    },
  },
].map((c) => ({ ...c, perRound: [] as number[] }));
// (d'') reads memory (c) left: fill it with a call's bytes first
encoder.encodeInto(calls[0]!.analysis, bytes);

/** One slice of `cell`: its events and CPU µs. */
async function slice(cell: (typeof cells)[number]): Promise<[number, number]> {
  const until = performance.now() + SLICE_MS;
  const from = cpu();
  let events = 0;
  while (performance.now() < until) {
    const r = cell.run();
    if (r instanceof Promise) await r;
    events++;
  }
  return [events, cpu() - from];
}

for (let w = 0; w < 10; w++) for (const cell of cells) await slice(cell);
for (let r = 0; r < rounds; r++) {
  const sums = new Map(cells.map((c) => [c, [0, 0]]));
  for (let s = 0; s < SLICES; s++) {
    for (const cell of [...cells].sort(() => Math.random() - 0.5)) {
      const [events, micros] = await slice(cell);
      const sum = sums.get(cell)!;
      sum[0] += events;
      sum[1] += micros;
    }
  }
  for (const [cell, [events, micros]] of sums) cell.perRound.push(micros / events);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const chars = calls.reduce((n, c) => n + c.analysis.length, 0) / calls.length;
const transcriptChars = bounds.reduce((n, b) => n + b.to - b.from, 0) / bounds.length;
console.log(`Node ${process.version}; ${rounds} rounds of ${SLICES} × ${SLICE_MS} ms slices a cell; analysis file ${Math.round(chars)} characters (transcript ${Math.round(transcriptChars)}); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('CPU µs an event: median of the rounds [lowest – highest]');
for (const c of cells) console.log(`  ${c.name}: ${median(c.perRound).toFixed(1)} [${Math.min(...c.perRound).toFixed(1)} – ${Math.max(...c.perRound).toFixed(1)}]`);
const today = median(cells[0]!.perRound);
const named = (prefix: string) => median(cells.find((c) => c.name.startsWith(prefix))!.perRound);
const a = named('(a)'), b = named('(b)'), js = named('(d) ') + named("(d') ");
const half = named('json-rules-engine') / 2;
console.log(`one rule: ours ${today.toFixed(1)}, json-rules-engine ${(2 * half).toFixed(1)} (${((2 * half) / today).toFixed(2)}×); the target, ≤ half of it: ${half.toFixed(1)}`);
console.log(`  with (b) + the JavaScript scan (d)+(d') in place of (a): ${(today - a + b + js).toFixed(1)}`);
console.log(`  with the reader: ${named('ours, one rule: parseEventText').toFixed(1)} (${((2 * half) / named('ours, one rule: parseEventText')).toFixed(2)}× json-rules-engine)`);
if (sink === -1) console.log(sink);
