/**
 * `npm run bench`: throughput of rule evaluation on a 10-minute voice call for 1,
 * 50 and 500 published rules — this engine, the same rules on json-rules-engine,
 * and hand-written TypeScript predicates (the practical limit) — measured in one
 * run and reported as ratios; plus parse+validate and compile time per function.
 * A benchmark, not a test: it asserts nothing but that the three agree.
 */
import { Engine } from 'json-rules-engine';
import { checkFunction } from '../grammar/index.ts';
import { compileFunction, type CompiledFunction } from '../engine/compile/index.ts';
import { generateRules, handEvent, tenMinuteCall, type BenchRule } from './workload.ts';

const SOURCE = 'OnPostCallAnalysisAvailable' as const;
const MEASURE_MS = Number(process.env.BENCH_MS ?? 1000);

/** A fresh copy of the event per iteration, as each real event is new (no memo carries over). */
function freshEvent(base: any): any {
  const body = base.ContactLens.PostCall;
  return { ...base, ContactLens: { PostCall: { ...body, Transcript: body.Transcript.map((i: any) => ({ ...i })) } } };
}

/**
 * Runs `run` for about MEASURE_MS and reports its rate per second of process CPU
 * time: CPU time, unlike wall time, barely moves when other processes load the
 * machine, so runs stay comparable.
 */
async function measure(run: () => unknown | Promise<unknown>): Promise<{ perSecond: number; iterations: number }> {
  const warmUntil = performance.now() + MEASURE_MS / 3;
  while (performance.now() < warmUntil) await run();
  let iterations = 0;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() - start < MEASURE_MS) {
    await run();
    iterations++;
  }
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: (iterations * 1e6) / (cpu.user + cpu.system), iterations };
}

function jreEngine(rules: readonly BenchRule[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  const regexCache = new Map<string, RegExp>();
  const wordRegex = (phrase: string): RegExp => {
    let re = regexCache.get(phrase);
    if (!re) regexCache.set(phrase, (re = new RegExp(`\\b${phrase.replace(/\s+/g, '\\W+')}s?\\b`, 'i')));
    return re;
  };
  engine.addOperator('transcriptContainsAny', (items: any, spec: any) =>
    (items as any[]).some(
      (i) =>
        (spec.role === 'ANY' || i.ParticipantRole === spec.role) &&
        (spec.first === undefined || i.BeginOffsetMillis < spec.first * 1000) &&
        (spec.phrases as string[]).some((p) => wordRegex(p).test(i.Content)),
    ),
  );
  rules.forEach((r, i) => engine.addRule({ conditions: r.jre as any, event: { type: `rule-${i}` } }));
  return engine;
}

const fmt = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));

async function main(): Promise<void> {
  const base = tenMinuteCall();
  const items = (base as any).ContactLens.PostCall.Transcript.length;
  const all = generateRules(500);
  console.log(`Workload: a 10-minute call (${items} transcript items); rules of 3 shapes; ${MEASURE_MS} ms per measurement; Node ${process.version}\n`);

  // Parse + validate, and compile, per function.
  let t0 = performance.now();
  const documents = all.map((r) => {
    const { document, errors } = checkFunction(r.function, SOURCE);
    if (!document) throw new Error(`bench rule invalid: ${errors.map((e) => e.message).join('; ')}`);
    return document;
  });
  const parseMicros = ((performance.now() - t0) * 1000) / all.length;
  t0 = performance.now();
  const compiled = documents.map((d) => compileFunction(d, SOURCE));
  const compileMicros = ((performance.now() - t0) * 1000) / all.length;
  console.log(`parse + validate: ${parseMicros.toFixed(1)} µs per function; compile: ${compileMicros.toFixed(1)} µs per function\n`);

  const rows: string[] = [];
  rows.push('| rules | this engine (events/s) | hand-written TS (events/s) | json-rules-engine (events/s) | engine ÷ hand-written | engine ÷ json-rules-engine |');
  rows.push('| ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const n of [1, 50, 500]) {
    const rules = all.slice(0, n);
    const fns: CompiledFunction[] = compiled.slice(0, n);
    const engine = jreEngine(rules);

    // The three must agree on which rules match before their speed means anything.
    const probe = freshEvent(base);
    const mine = fns.map((f) => f.matches(probe));
    const hand = rules.map((r) => r.hand(handEvent(probe)));
    const { results } = await engine.run({ event: probe, transcript: probe.ContactLens.PostCall.Transcript });
    const jre = rules.map((_, i) => results.some((res: any) => res.event.type === `rule-${i}`));
    const disagree = mine.flatMap((m, i) => (m !== hand[i] || m !== jre[i] ? [i] : []));
    if (disagree.length) console.warn(`warning: the contenders disagree on rules ${disagree.slice(0, 10).join(', ')}`);

    let sink = 0;
    const ours = await measure(() => {
      const ev = freshEvent(base);
      for (const f of fns) if (f.matches(ev)) sink++;
    });
    const handWritten = await measure(() => {
      const he = handEvent(freshEvent(base));
      for (const r of rules) if (r.hand(he)) sink++;
    });
    const jreRate = await measure(async () => {
      const ev = freshEvent(base);
      const out = await engine.run({ event: ev, transcript: ev.ContactLens.PostCall.Transcript });
      sink += out.results.length;
    });
    if (sink < 0) console.log(sink);
    console.log(`${n} rule(s): ${mine.filter(Boolean).length} match`);
    rows.push(
      `| ${n} | ${fmt(ours.perSecond)} | ${fmt(handWritten.perSecond)} | ${fmt(jreRate.perSecond)} | ${(ours.perSecond / handWritten.perSecond).toFixed(2)} | ${(ours.perSecond / jreRate.perSecond).toFixed(1)} |`,
    );
  }
  console.log(`\n${rows.join('\n')}\n`);
  console.log('events/s = fresh events per CPU-second, each evaluated against every rule (rule evaluations/s = events/s × rules).');
}

await main();
