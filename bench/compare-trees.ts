/**
 * Before and after in one process: the rule set of each tree in TREES (comma-separated
 * roots, e.g. `git archive <sha> | tar -x -C /tmp/old` with a `node_modules` link, beside
 * `.`), for 1 and 500 rules, cells interleaved in 25 ms slices in a random order, by CPU
 * time (process.cpuUsage): on a shared machine only a comparison inside one process
 * means anything. Not part of `npm run bench`.
 *
 *     TREES=/tmp/old,. MODE=whole node --import tsx bench/compare-trees.ts
 *
 * MODE=whole (default): parse + build + match per event, as `npm run bench` measures (the
 * files read by the tree's `parseEventText` where it has one, as its pipeline reads them);
 * MODE=fresh: match alone on freshly built events (parse and build untimed, 20 at a time);
 * MODE=prebuilt: match alone on the 200 events built once. CELL_MS (default 6000) is
 * each cell's measured time. Give one tree twice (two copies) to see the noise: at load
 * 12 to 16, two copies of one tree differed by up to 10 µs an event on the whole path.
 * Every tree must match the same rules on every call, or it stops; ANSWERS=any lets
 * trees answer differently, for ablations: a copy of a tree with one part answered at
 * once (say, every transcript condition false, or `foundAt` finding nothing) costs the
 * tree less that part, and a copy doing a part twice costs it more by that part
 * (docs/performance.md, session 11). WORKLOAD_LANGS (default `en`; `en,es,fr`) runs the
 * workload's calls and rules in each of those languages (workload.ts LANGUAGES: Spanish and
 * French contacts, phrases and plurals), each its own cells.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { generateCalls, generateRules, WORKLOAD_LANGUAGES, type WorkloadLanguage } from './workload.ts';

const SOURCE = 'OnPostCallAnalysisAvailable';
const SIZES = [1, 500] as const;
const SLICE_MS = 25;
const trees = (process.env.TREES ?? '.').split(',').map((t) => resolve(t));
const mode = process.env.MODE ?? 'whole';
const cellMs = Number(process.env.CELL_MS ?? 6000);
const sameAnswers = process.env.ANSWERS !== 'any';
if (!['whole', 'fresh', 'prebuilt'].includes(mode)) throw new Error(`MODE=${mode}: whole, fresh or prebuilt`);
const languages = (process.env.WORKLOAD_LANGS ?? 'en').split(',') as WorkloadLanguage[];
for (const l of languages) if (!WORKLOAD_LANGUAGES.includes(l)) throw new Error(`WORKLOAD_LANGS: ${l} is not one of ${WORKLOAD_LANGUAGES.join(', ')}`);

interface Cell {
  readonly name: string;
  /** Runs some events; returns how many, adding the CPU time to count to `timed` when only part is timed. */
  readonly run: () => number;
  events: number;
  micros: number;
}

const workloads = languages.map((language) => ({ language, calls: generateCalls(200, undefined, language), rules: generateRules(500, undefined, language) }));
const cells: Cell[] = [];
/** CPU µs of the timed part of the current slice (fresh and prebuilt time the match only). */
let timed = 0;
const cpu = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

const reference = new Map<string, string>();
for (const root of trees) {
  const { buildTriggerEvent } = await import(`${root}/engine/context/index.ts`);
  const { compileRuleSet } = await import(`${root}/engine/ruleset/index.ts`);
  const { checkFunction } = await import(`${root}/grammar/index.ts`);
  // The files read as the tree's pipeline reads them (parseEventText since session 10), else by JSON.parse.
  const parse: (text: string, label: string) => unknown = existsSync(`${root}/engine/ingest/event-text.ts`)
    ? (await import(`${root}/engine/ingest/event-text.ts`)).parseEventText
    : (text) => JSON.parse(text);
  for (const { language, calls, rules } of workloads) {
    const documents = rules.map((r) => checkFunction(r.function, SOURCE).document);
    const build = (k: number) => buildTriggerEvent({ event: parse(calls[k].analysis, 'analysis'), contact: parse(calls[k].ctr, 'ctr') });
    const prebuilt = mode === 'prebuilt' ? calls.map((_, k) => build(k)) : [];
    for (const size of SIZES) {
      const set = compileRuleSet(documents.slice(0, size).map((d: unknown, i: number) => ({ name: `rule-${i}`, source: SOURCE, function: d })));
      const answers: string[] = calls.map((_, k) => set.match(build(k)).join());
      if (trees.length > 1 && sameAnswers) {
        const at = `${language} ${size}`;
        if (!reference.has(at)) reference.set(at, answers.join('|'));
        if (reference.get(at) !== answers.join('|')) throw new Error(`${root}: the rule set of ${size} rule(s) in ${language} matches other rules than ${trees[0]}'s`);
      }
      let next = 0;
      const matchTimed = (events: unknown[]): number => {
        const from = cpu();
        for (const event of events) set.match(event);
        timed += cpu() - from;
        return events.length;
      };
      const run =
        mode === 'whole'
          ? () => (set.match(build(next++ % 200)), 1)
          : mode === 'fresh'
            ? () => matchTimed(Array.from({ length: 20 }, () => build(next++ % 200)))
            : () => matchTimed(Array.from({ length: 20 }, () => prebuilt[next++ % 200]));
      cells.push({ name: `${root} ${language} ${size}`, run, events: 0, micros: 0 });
    }
  }
}

function slice(cell: Cell, count: boolean): void {
  const until = performance.now() + SLICE_MS;
  const from = cpu();
  timed = 0;
  let events = 0;
  while (performance.now() < until) events += cell.run();
  const micros = mode === 'whole' ? cpu() - from : timed;
  if (count) {
    cell.events += events;
    cell.micros += micros;
  }
}

for (let w = 0; w < 40; w++) for (const cell of cells) slice(cell, false);
const end = performance.now() + cellMs * cells.length;
while (performance.now() < end) for (const cell of [...cells].sort(() => Math.random() - 0.5)) slice(cell, true);

const perEvent = cells.map((c) => c.micros / c.events);
console.log(`MODE=${mode}, ${cellMs} ms a cell, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; µs of CPU an event:`);
cells.forEach((c, k) => console.log(`  ${c.name}: ${perEvent[k].toFixed(1)}`));
for (let c = 0; c < cells.length; c += 2) {
  const [one, many] = [perEvent[c], perEvent[c + 1]];
  console.log(`${cells[c].name.slice(0, -2)}: 500 rules − 1 rule ${(many - one).toFixed(1)} µs, 500 ÷ 1 ${(many / one).toFixed(3)}×`);
}
