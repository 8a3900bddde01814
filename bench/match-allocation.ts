/**
 * Bytes a rule set's `match` allocates, on freshly built events (what an ingestion Lambda
 * matches), for 1 and 500 rules and the workload's three rule shapes alone
 * (bench/workload.ts rotates them: phrase-and-queue, agent, OR); session 14's figures
 * for a5320f4 (5.4 → 3.6 KB at 500 rules), now a command:
 *
 *   node --import tsx bench/match-allocation.ts [--events 1000] [--rounds 3]
 *
 * It runs itself again under `--expose-gc --max-semi-space-size=512` (young space large
 * enough that no scavenge falls in a window; a window that holds one anyway is refused,
 * counted by a PerformanceObserver). Per round and rule set: `--events` events parsed and
 * built (as bench/evaluation.ts's rule-set cell does), matched once each (warm), a full
 * collection, then `used_heap_size` before and after matching them all: the difference ÷
 * events. Each round builds its events afresh, so the lazy parts an event builds on first
 * read (engine/context/lazy.ts) are the match's to build, as on the real path. Prints the
 * median of the rounds and each round. Allocation, not time: the load does not move it (V8's
 * compiled code is on the heap too: a round where a function was optimised reads higher).
 */
import { spawnSync } from 'node:child_process';
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { buildTriggerEvent } from '../engine/context/index.ts';
import { parseEventText } from '../engine/ingest/event-text.ts';
import { compileRuleSet } from '../engine/ruleset/index.ts';
import { checkFunction } from '../grammar/index.ts';
import { generateCalls, generateRules } from './workload.ts';

const FLAGS = ['--expose-gc', '--max-semi-space-size=512'];
if (typeof globalThis.gc !== 'function') {
  const { status } = spawnSync(process.execPath, [...FLAGS, ...process.execArgv, import.meta.filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(status ?? 1);
}
const gc = globalThis.gc as () => void;

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  const v = i < 0 ? fallback : Number(args[i + 1]);
  if (!(Number.isInteger(v) && v > 0)) throw new Error(`${name}: a positive whole number, not ${args[i + 1]}`);
  return v;
};
const EVENTS = flag('--events', 1000);
const ROUNDS = flag('--rounds', 3);

const SOURCE = 'OnPostCallAnalysisAvailable' as const;
const calls = generateCalls(200);
const documents = generateRules(500).map((r) => checkFunction(r.function, SOURCE).document!);
const setOf = (keep: (i: number) => boolean) =>
  compileRuleSet(documents.flatMap((d, i) => (keep(i) ? [{ name: `rule-${i}`, source: SOURCE, function: d }] : [])));
const sets: [string, ReturnType<typeof compileRuleSet>][] = [
  ['1 rule', setOf((i) => i === 0)],
  ['500 rules', setOf(() => true)],
  ['the 167 phrase-and-queue rules (shape 0)', setOf((i) => i % 3 === 0)],
  ['the 167 agent rules (shape 1)', setOf((i) => i % 3 === 1)],
  ['the 166 OR rules (shape 2)', setOf((i) => i % 3 === 2)],
];
const build = (k: number) => buildTriggerEvent({ event: parseEventText(calls[k % 200]!.analysis, 'analysis'), contact: parseEventText(calls[k % 200]!.ctr, 'ctr') });

let collections = 0;
new PerformanceObserver((list) => (collections += list.getEntries().length)).observe({ entryTypes: ['gc'] });
const settle = () => new Promise((done) => setTimeout(done, 20)); // the observer's entries arrive a little later, between tasks

const results = sets.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  for (const [s, [, set]] of sets.entries()) {
    // warm, on other events (5 times over in the first round: code V8 compiles in a window is counted, it lives on the heap)
    for (let k = 0; k < EVENTS * (round === 0 ? 5 : 1); k++) set.match(build(k));
    const events = Array.from({ length: EVENTS }, (_, k) => build(k + round));
    gc();
    await settle();
    const seen = collections;
    const before = getHeapStatistics().used_heap_size;
    let matched = 0;
    for (const event of events) matched += set.match(event).length;
    const after = getHeapStatistics().used_heap_size;
    await settle();
    if (collections !== seen) throw new Error(`a collection fell in the window (${sets[s]![0]}): lower --events`);
    results[s]!.push((after - before) / EVENTS);
    if (matched < 0) throw new Error('unreachable'); // keeps the answers used
  }
}
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]!;
console.log(`Bytes a match allocates on freshly built events (${EVENTS} events a window, ${ROUNDS} rounds; node ${process.version}): median [each round]\n`);
for (const [s, [name]] of sets.entries()) console.log(`- ${name}: ${Math.round(median(results[s]!)).toLocaleString('en-US')} [${results[s]!.map((x) => Math.round(x)).join(', ')}]`);
