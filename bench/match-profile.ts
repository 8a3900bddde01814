/**
 * Matching alone (no parse, no build): the rule set's `match` on trigger events built
 * beforehand, for 1 and 500 rules (SIZES=1,500), or the rules of some shapes only
 * (SHAPES=0,1,2: bench/workload.ts rotates three), interleaved; for profiling:
 * `node --cpu-prof --import tsx bench/match-profile.ts`. Not part of `npm run bench`.
 */
import { buildTriggerEvent } from '../engine/context/index.ts';
import { compileRuleSet } from '../engine/ruleset/index.ts';
import { checkFunction } from '../grammar/index.ts';
import { generateCalls, generateRules } from './workload.ts';

const SOURCE = 'OnPostCallAnalysisAvailable' as const;
const ms = Number(process.env.BENCH_MS ?? 3000);
const sizes = (process.env.SIZES ?? '1,500').split(',').map(Number);
const calls = generateCalls(200);
const all = generateRules(500);
const documents = all.map((r) => checkFunction(r.function, SOURCE).document!);
const events = calls.map((c) => buildTriggerEvent({ event: JSON.parse(c.analysis), contact: JSON.parse(c.ctr) }));
const shapes = (process.env.SHAPES ?? '0,1,2').split(',').map(Number);
const sets = sizes.map((n) =>
  compileRuleSet(documents.slice(0, n).flatMap((d, i) => (shapes.includes(i % 3) ? [{ name: `rule-${i}`, source: SOURCE, function: d }] : []))),
);
const totals = sets.map(() => ({ n: 0, cpu: 0, matches: 0 }));
const deadline = performance.now() + ms;
let k = 0;
while (performance.now() < deadline) {
  sets.forEach((set, s) => {
    const cpu0 = process.cpuUsage();
    for (let j = 0; j < 200; j++) totals[s].matches += set.match(events[(k + j) % events.length]).length;
    const cpu = process.cpuUsage(cpu0);
    totals[s].n += 200;
    totals[s].cpu += cpu.user + cpu.system;
  });
  k += 7;
}
sizes.forEach((n, s) => console.log(`${n} rules: ${(totals[s].cpu / totals[s].n).toFixed(1)} µs CPU per match (${totals[s].n} events, ${(totals[s].matches / totals[s].n).toFixed(1)} matches each)`));
