/**
 * The rule set reads a transcript's texts where the reader left the file's bytes (in the word
 * scan's memory, engine/transcript/word-scan-wasm.ts `TextsInMemory`), and never bytes that
 * are no longer that file's: another file read since, the word scan's buffers grown over
 * them, a Content assigned after the parse. Each case's matches are those of the same rules
 * on JSON.parse's value (whose texts are copied in one by one, as before).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateCalls, generateRules } from '../../../bench/workload.ts';
import { checkFunction } from '../../../grammar/index.ts';
import { buildTriggerEvent } from '../../context/index.ts';
import { compileRuleSet, type CompiledRuleSet } from '../../ruleset/index.ts';
import { WordDictionary } from '../../transcript/word-scan.ts';
import { replaceWasmWordReader, SPANS_STRIDE, WasmWordReader, wasmWordReader } from '../../transcript/word-scan-wasm.ts';
import { ITEM_BYTES } from './scan-layout.ts';
import { readAnalysisText } from './read.ts';

const SOURCE = 'OnPostCallAnalysisAvailable' as const;

/** Every letter of `text` moved on by one (z to a): other words, the same length, so the file's bytes keep their places. */
const shifted = (text: string): string => text.replace(/[a-z]/g, (c) => (c === 'z' ? 'a' : String.fromCharCode(c.charCodeAt(0) + 1)));

/** A call's analysis file with every Content `shifted`, written the same way: its transcript's texts at the same offsets, other words. */
function shiftedFile(text: string): string {
  const value = JSON.parse(text) as { Transcript: { Content: string }[] };
  for (const item of value.Transcript) item.Content = shifted(item.Content);
  const out = JSON.stringify(value);
  expect(out.length).toBe(text.length);
  return out;
}

/** Words as rule writers write them (`w1`, `w2`… hash unusually well): the k-th of 10,648. */
const SYLLABLES = ['re', 'fund', 'can', 'cel', 'ac', 'count', 'bill', 'ing', 'pay', 'ment', 'sup', 'port', 'man', 'ag', 'er', 'up', 'set', 'de', 'lay', 'late', 'tel', 'co'];
const word = (k: number) => `${SYLLABLES[k % 22]}${SYLLABLES[Math.floor(k / 22) % 22]}${SYLLABLES[Math.floor(k / 484) % 22]}`;

let set: CompiledRuleSet;
/** The bench's rules, whose words the word scan reads by its hash table; and the same with 1,200 phrases more, too many words for a table, which it reads by the automaton. */
const sets: Record<'hash table' | 'automaton', CompiledRuleSet> = {} as never;
let ctr: unknown;
let a: string;
let b: string;

/** The rules matched by the analysis file `value` (parsed by either reader). */
const match = (value: unknown): string[] => set.match(buildTriggerEvent({ event: value, contact: ctr }));
/** The reference: the same rules on JSON.parse's value of `text`. */
const expected = (text: string): string[] => match(JSON.parse(text));

/** How many texts the rule set copied into the memory to read them while `run` ran (not reading them where they were), by the hash table or by the automaton. */
function copiedIn(run: () => void): number {
  const spies = [vi.spyOn(WasmWordReader.prototype, 'readWords'), vi.spyOn(WasmWordReader.prototype, 'read')];
  try {
    run();
    return spies[0].mock.calls.length + spies[1].mock.calls.length;
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

beforeAll(() => {
  const rules = generateRules(300).map((r) => r.function);
  const compile = (functions: string[]) =>
    compileRuleSet(functions.map((f, i) => ({ name: `rule-${i}`, source: SOURCE, function: checkFunction(f, SOURCE).document! })));
  sets['hash table'] = compile(rules);
  const many = Array.from({ length: 12 }, (_, r) => ({
    Version: '2022-11-25',
    RuleFunction: {
      Operator: 'AND',
      Operands: [
        {
          Operator: 'CONTAINS_ANY',
          Operands: Array.from({ length: 100 }, (_, i) => `${word(r * 100 + i)} ${word(r * 100 + i + 1200)}`),
          ComparisonValue: '$.ContactLens.PostCall.ExactMatch.Transcript',
          FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'ParticipantRole', Data: 'ANY' }] },
          Negate: false,
        },
      ],
    },
  }));
  sets.automaton = compile([...rules, ...many.map((f) => JSON.stringify(f))]);
  set = sets['hash table'];
  // a call whose shifted twin matches other rules: a stale reading of one file's texts as the other's would show
  const calls = generateCalls(20);
  const call = calls.find((c) => {
    ctr = JSON.parse(c.ctr);
    return expected(c.analysis).join() !== expected(shiftedFile(c.analysis)).join();
  })!;
  ctr = JSON.parse(call.ctr);
  a = call.analysis;
  b = shiftedFile(a);
  expect(expected(a)).not.toEqual(expected(b));
  expect(expected(a).length).toBeGreaterThan(0);
});

describe.each(['hash table', 'automaton'] as const)('the rule set reading the texts the analysis reader left in memory, by the %s', (kind) => {
  beforeAll(() => {
    set = sets[kind];
  });
  afterEach(() => replaceWasmWordReader());

  it('reads them there, matching what it matches on JSON.parse\'s value', () => {
    // (the first match places the rule set's tables in the memory, which ends the loan: the second reads in place)
    match(readAnalysisText(a));
    let matched: string[] = [];
    const inPlace = vi.spyOn(WasmWordReader.prototype, kind === 'automaton' ? 'readAt' : 'readWordsAt');
    expect(copiedIn(() => (matched = match(readAnalysisText(a))))).toBe(0);
    expect(inPlace.mock.calls.length).toBeGreaterThan(50);
    inPlace.mockRestore();
    expect(matched).toEqual(expected(a));
    // (the JSON.parse value's texts are copied in: the count above could have been more)
    expect(copiedIn(() => expected(a))).toBeGreaterThan(50);
  });

  it('on every generated call (and its shifted twin), matches what it matches on JSON.parse\'s value', () => {
    for (const call of generateCalls(20, 5)) {
      ctr = JSON.parse(call.ctr);
      for (const text of [call.analysis, shiftedFile(call.analysis)]) expect(match(readAnalysisText(text))).toEqual(expected(text));
    }
    ctr = JSON.parse(generateCalls(20).find((c) => c.analysis === a)!.ctr);
  });

  it('finds each item\'s text where the reader\'s columns have it (SPANS_STRIDE: one item\'s columns)', () => {
    expect(SPANS_STRIDE * 4).toBe(ITEM_BYTES);
  });

  it('two files read before one match: the first one\'s texts are copied in (its bytes are the second\'s now), the second\'s read in place', () => {
    match(readAnalysisText(a));
    const first = readAnalysisText(a);
    const second = readAnalysisText(b);
    const [wantA, wantB] = [expected(a), expected(b)];
    expect(copiedIn(() => expect(match(first)).toEqual(wantA))).toBeGreaterThan(50);
    expect(copiedIn(() => expect(match(second)).toEqual(wantB))).toBe(0);
  });

  it('after the word scan\'s buffers grew over the file\'s bytes (a longer text read, copied over them), its texts are copied in', () => {
    match(readAnalysisText(a));
    const value = readAnalysisText(a);
    const long = `${shifted(a)} `.repeat(8);
    new WordDictionary(['refund']).read(long.replace(/[^a-z ]/g, ' '));
    const want = expected(a);
    expect(copiedIn(() => expect(match(value)).toEqual(want))).toBeGreaterThan(50);
  });

  it('a file JSON.parse read between the parse and the match changes nothing; a Content assigned after the parse is read as assigned', () => {
    match(readAnalysisText(a));
    const value = readAnalysisText(a) as { Transcript: { Content: string }[] };
    expect(match(JSON.parse(b))).toEqual(expected(b));
    expect(match(value)).toEqual(expected(a));
    for (const item of value.Transcript) item.Content = shifted(item.Content);
    const want = expected(b);
    expect(copiedIn(() => expect(match(value)).toEqual(want))).toBeGreaterThan(50);
  });

  it('crafted files, two read before one match: each rule matches as it does alone on JSON.parse\'s value', () => {
    type File = { Transcript: Record<string, unknown>[] } & Record<string, unknown>;
    let seed = 11;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const shuffled = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).sort(() => random() - 0.5));
    const some = (v: File, change: (item: { Content: string } & Record<string, unknown>) => void) => {
      for (const item of v.Transcript) if (random() < 0.3) change(item as { Content: string });
      return JSON.stringify(v);
    };
    const mutations: ((v: File) => string)[] = [
      (v) => JSON.stringify(v),
      (v) => JSON.stringify({ ...v, Transcript: v.Transcript.map(shuffled) }),
      (v) => JSON.stringify(shuffled(v)),
      (v) => JSON.stringify(v, null, 2),
      (v) => some(v, (item) => (item.Content += ' "quoted" \\u0041')),
      (v) => some(v, (item) => (item.IssuesDetected = [{ CharacterOffsets: { Begin: 0, End: 5 } }])),
      (v) => some(v, (item) => (item.Content = item.Content.replace(/ (\w+)/, ' [PII]'))),
      (v) => some(v, (item) => (item.Content += ' telecommunications outage, Uncharacteristically')),
      // words the rules hold (the bench's phrases are in its texts already)
      (v) => some(v, (item) => (item.Content = `${item.Content} ${word(Math.floor(random() * 1200))} ${word(1200 + Math.floor(random() * 1200))}.`)),
      (v) => {
        (v.Transcript.at(-1) as { Content: string }).Content += ' café';
        return JSON.stringify(v);
      },
      (v) => some(v, (item) => (item.Content = shifted(item.Content))),
    ];
    const calls = generateCalls(20, 3);
    const alone = (text: string, contact: unknown): string[] => {
      const event = buildTriggerEvent({ event: JSON.parse(text), contact });
      return set.rules.filter((rule) => rule.compiled.matches(event)).map((rule) => rule.name);
    };
    for (const mutate of mutations)
      for (let round = 0; round < 2; round++) {
        const two = [pick(calls), pick(calls)];
        const texts = [mutate(JSON.parse(two[0].analysis) as File), pick(mutations)(JSON.parse(two[1].analysis) as File)];
        const values = texts.map((text) => readAnalysisText(text) ?? JSON.parse(text));
        two.forEach((call, i) => {
          const contact = JSON.parse(call.ctr);
          expect(set.match(buildTriggerEvent({ event: values[i], contact }))).toEqual(alone(texts[i], contact));
        });
      }
  });

  it('a new word scan (its own memory) reads the next file in its memory', () => {
    replaceWasmWordReader();
    match(readAnalysisText(b));
    const want = expected(b);
    expect(copiedIn(() => expect(match(readAnalysisText(b))).toEqual(want))).toBe(0);
    expect(wasmWordReader()).not.toBeNull();
  });
});
