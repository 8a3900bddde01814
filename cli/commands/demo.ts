/**
 * `connect-rules demo` (what `npm start` runs): the bundled example rules against
 * the bundled example events, in the real formats. Contact records are joined to
 * the analysis files of the same contact by ContactId, as the ingestion pipeline
 * does; every PUBLISHED rule of an event's source is evaluated and the actions of
 * the matched rules are listed (they are not run here).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { requireValidFunction } from '../../grammar/index.ts';
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import { compileFunction, type CompiledFunction } from '../../engine/compile/index.ts';
import { buildTriggerEvent, isContactRecord, looksLikeAnalysisFile, looksLikeSegmentEvent, normaliseContactRecord } from '../../engine/context/index.ts';
import { InvalidRequestException } from '../../engine/rules/errors.ts';
import { checkRuleFunction } from '../../engine/rules/function-check.ts';
import { validateCreateRule } from '../../engine/rules/validate-request.ts';
import { readJson, runCommand, UsageError } from '../io.ts';

const ROOT = resolve(import.meta.dirname, '../..');

interface ExampleRule {
  readonly name: string;
  readonly source: EventSourceName;
  readonly published: boolean;
  readonly actions: readonly { ActionType: string }[];
  readonly compiled: CompiledFunction;
}

/** JSON files under a folder, sorted, recursively. */
function jsonFiles(path: string): string[] {
  if (!statSync(path, { throwIfNoEntry: false })) throw new UsageError(`${path}: no such file or folder`);
  if (statSync(path).isFile()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const full = join(path, name);
      return statSync(full).isDirectory() ? jsonFiles(full) : name.endsWith('.json') ? [full] : [];
    });
}

/**
 * Loads CreateRule request bodies (`Function` as a string or an object) through
 * the rules API's own validation, so an example is exactly what CreateRule accepts.
 */
export function loadRules(folder: string): ExampleRule[] {
  return jsonFiles(folder).map((file) => {
    const body = readJson(file) as any;
    const text = body && typeof body.Function === 'object' ? JSON.stringify(body.Function) : body?.Function;
    let request;
    try {
      request = validateCreateRule({ ...body, Function: text }, checkRuleFunction);
    } catch (err) {
      if (err instanceof InvalidRequestException) throw new UsageError(`${file}: ${err.message}`);
      throw err;
    }
    const source = request.TriggerEventSource.EventSourceName;
    return {
      name: request.Name,
      source,
      published: request.PublishStatus === 'PUBLISHED',
      actions: request.Actions,
      compiled: compileFunction(requireValidFunction(request.Function, source, file), source),
    };
  });
}

/** The contact an analysis file or a real-time segment stream is about (canonical events carry their own values). */
function contactIdOf(json: any): string | undefined {
  if (looksLikeAnalysisFile(json)) return json?.CustomerMetadata?.ContactId;
  const segment = Array.isArray(json) ? json[0] : json;
  return looksLikeSegmentEvent(segment) ? segment.ContactId : undefined;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('evaluate the bundled example rules against the bundled example events (npm start)')
    .option('--rules <folder>', 'CreateRule request bodies', join(ROOT, 'examples/rules'))
    .option('--events <folder>', 'events in the real formats, and contact records', join(ROOT, 'test/fixtures'))
    .option('--json', 'print one JSON object')
    .action((options: { rules: string; events: string; json?: boolean }) => runCommand(() => demo(options)));
}

function demo(options: { rules: string; events: string; json?: boolean }): number {
  const rules = loadRules(options.rules).filter((r) => r.published);
  const files = jsonFiles(options.events).map((file) => ({ file, json: readJson(file) }));

  // Contact records first, so an event finds its contact whatever the file order. A
  // CTR wins over a DescribeContact response: it has the durations and holds.
  const contacts = new Map<string, { json: unknown; ctr: boolean }>();
  for (const { file, json } of files) {
    if (!isContactRecord(json)) continue;
    const facts = normaliseContactRecord(json, file);
    const ctr = facts.format === 'ctr';
    if (facts.ContactId && (ctr || !contacts.has(facts.ContactId))) contacts.set(facts.ContactId, { json, ctr });
  }

  const events = [];
  for (const { file, json } of files) {
    if (isContactRecord(json)) continue;
    const contactId = contactIdOf(json);
    const event = buildTriggerEvent({ event: json, contact: contactId ? contacts.get(contactId)?.json : undefined, eventFile: file });
    const candidates = rules.filter((r) => r.source === event.EventSourceName);
    const matched = candidates.filter((r) => r.compiled.matches(event));
    events.push({
      file: relative(process.cwd(), file),
      source: event.EventSourceName,
      instanceId: event.InstanceId,
      rulesEvaluated: candidates.length,
      matchedRules: matched.map((r) => r.name),
      actions: matched.flatMap((r) => r.actions.map((a) => ({ rule: r.name, type: a.ActionType, status: 'not run (demo)' }))),
    });
  }

  const summary = {
    events: events.length,
    rules: rules.length,
    evaluations: events.reduce((n, e) => n + e.rulesEvaluated, 0),
    matches: events.reduce((n, e) => n + e.matchedRules.length, 0),
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ events, summary }, null, 2)}\n`);
    return 0;
  }
  for (const e of events) {
    process.stdout.write(`${e.file}\n  ${e.source}: ${e.matchedRules.length} of ${e.rulesEvaluated} rule(s) matched\n`);
    for (const name of e.matchedRules) {
      const types = e.actions.filter((a) => a.rule === name).map((a) => a.type);
      process.stdout.write(`    ✔ ${name} → ${types.join(', ') || 'no actions'}\n`);
    }
  }
  process.stdout.write(
    `\n${summary.events} events, ${summary.rules} published rules, ${summary.evaluations} evaluations, ${summary.matches} matches\n` +
      'Actions are listed, not run: replaying through the full pipeline is `connect-rules replay` (ingestion issue).\n',
  );
  return 0;
}
