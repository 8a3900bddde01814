/**
 * What `connect-rules eval` runs, loaded by its action (cli/commands/eval.ts).
 * Everything it always needs is imported here, statically, so the build can put
 * it in as few modules as it can (every module a start loads costs): a command
 * built to start alone (build/build.ts) loads this as one chunk. What only some
 * inputs need stays behind `import(...)`: the language's parsers (Chevrotain) for
 * a text-form or malformed function (well-formed JSON is read and checked
 * without them, grammar/stored.ts), and the adapters of other payloads (eval-event.ts).
 */
import type { TriggerEvent } from '../../engine/context/types.ts';
import { compileFunction } from '../../engine/compile/index.ts';
import { formatTrace } from '../../engine/compile/trace.ts';
import { entityLabel } from '../../engine/compile/judged-entity.ts';
import { loadOneFunction } from '../../engine/rulefiles/load.ts';
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import { detectForm } from '../../grammar/form.ts';
import { checkWellFormedFunction } from '../../grammar/stored.ts';
import { readJson, writeJsonErrors, type Output } from '../io.ts';
import { colourTrace, styleFor } from '../repl/colour.ts';
import { overriddenSource, ownSource, parseSourceOption } from '../source-option.ts';
import { evalTriggerEvent } from './eval-event.ts';
import { liveJson, liveJudgement, liveTraceLine, liveVerdict } from './eval-live.ts';
import type { RealtimeStream } from '../../engine/context/index.ts';
import { betterEventError, contactToGive, missingContactPaths, notYetKnownContactPaths, readsAiAgents, semanticInTrace } from './eval-hints.ts';
import { readsAsCtr } from '../../engine/context/contact-record.ts';
import { semanticStandInWarning } from '../../engine/transcript/semantic.ts';

export interface EvalOptions {
  function: string;
  rule?: string;
  event: string;
  contact?: string;
  source?: string;
  instanceId?: string;
  explain?: boolean;
  json?: boolean;
}

export async function evaluate(options: EvalOptions, io: Output = process): Promise<number> {
  const rule = loadOneFunction(options.function, { name: options.rule });
  for (const warning of rule.warnings) io.stderr.write(`warning: ${warning}\n`);
  const given = parseSourceOption(options.source);
  // A rule, or a text with an `on` line, names its event source: the event is read as one of that source.
  const textForm = () => import('../../grammar/text/index.ts');
  const own = await ownSource(rule);
  const ruleSource = own?.source;
  const overridden = overriddenSource(given, own);
  const warn = (message: string) => io.stderr.write(`warning: ${message}\n`);
  const eventJson = readJson(options.event, warn);
  const contactJson = options.contact === undefined ? undefined : readJson(options.contact, warn);
  // A rule's PreEvaluationFilters decide before its conditions, as in the pipeline (eval-filters.ts, loaded only for a rule with filters).
  const filterCheck = rule.body?.PreEvaluationFilters === undefined ? undefined : await import('./eval-filters.ts');
  const filters = filterCheck?.filtersOf(rule.body, rule.label);
  let event: TriggerEvent;
  let readsContact: boolean;
  let stream: RealtimeStream | undefined;
  try {
    ({ event, readsContact, stream } = await evalTriggerEvent({
      event: eventJson,
      contact: contactJson,
      source: given ?? ruleSource,
      eventFile: options.event,
      contactFile: options.contact,
      instanceId: options.instanceId,
    }));
  } catch (err) {
    const contactFile = options.contact;
    throw betterEventError(err, {
      rule,
      ruleSource: given ? undefined : ruleSource,
      eventJson,
      eventFile: options.event,
      ...(contactFile === undefined ? {} : { contactFile, contactJson: () => readJson(contactFile) }),
    });
  }
  const source = event.EventSourceName as EventSourceName;
  if (options.contact !== undefined && !readsContact) io.stderr.write(`warning: --contact is not read: ${source} events carry no contact record\n`);
  const { document, errors } =
    (detectForm(rule.function) === 'json' ? checkWellFormedFunction(rule.function, source) : undefined) ?? (await textForm()).checkAnyForm(rule.function, source);
  if (!document) {
    const { note } = overridden;
    if (options.json) {
      writeJsonErrors(errors.map((e) => ({ file: rule.label, line: e.line, column: e.column, message: e.message + note })), io);
      return 2;
    }
    io.stderr.write(`${errors.map((e) => e.format(rule.label) + note).join('\n')}\n`);
    return 2;
  }
  if (overridden.warning) io.stderr.write(`warning: ${rule.label}: ${overridden.warning}\n`);
  const compiled = compileFunction(document, source);
  // a live contact is judged where the pipeline judged it: the state it fired at, else the last it evaluated (none: not matched)
  const { live, result } = liveJudgement(compiled, event, stream);
  if (options.contact === undefined && readsContact) {
    for (const path of missingContactPaths(result.trace, source)) {
      io.stderr.write(`warning: ${path} reads missing: it comes from the contact record; give ${contactToGive(source, path)} with --contact\n`);
    }
    for (const path of notYetKnownContactPaths(result.trace, source)) {
      io.stderr.write(`warning: ${path} did not apply: it is not yet known in this real-time session; give the CTR or DescribeContact response with --contact\n`);
    }
  } else if (readsContact && readsAsCtr(contactJson)) {
    for (const path of missingContactPaths(result.trace, source).filter((path) => readsAiAgents(source, path))) {
      io.stderr.write(`warning: ${path} reads missing: a contact record (CTR) carries no AI agents; give the DescribeContact response with --contact\n`);
    }
  }
  // Once, on stderr: a semantic verdict comes from a lexical stand-in unless a real matcher is plugged in.
  const standIn = semanticInTrace(result.trace) ? semanticStandInWarning() : undefined;
  if (standIn) io.stderr.write(`warning: ${standIn}\n`);
  const contactId = (Object.values((event as any).ContactLens ?? {})[0] as any)?.ContactId;
  const pre = filters && filterCheck!.preEvaluation(filters, { contact: contactJson, readsContact, source, give: '--contact' });
  // Not evaluated: not matched, whatever its conditions say (the trace still shows them).
  const matched = result.matched && pre?.evaluated !== false;

  if (options.json) {
    const out: Record<string, unknown> = { matched, source, instanceId: event.InstanceId };
    if (pre) Object.assign(out, { evaluated: pre.evaluated, preEvaluation: pre.reason });
    if (contactId !== undefined) out.contactId = contactId;
    if (result.entity !== undefined) out.entity = result.entity;
    if (live) Object.assign(out, liveJson(live));
    if (options.explain) out.trace = result.trace;
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  const subject = contactId ? ` for contact ${contactId}` : '';
  const style = styleFor(io.stdout, io.env);
  const verdict = pre?.evaluated === false ? style.yellow('NOT EVALUATED') : matched ? style.green('MATCHED') : style.red('NOT MATCHED');
  const why = pre?.evaluated === false ? ` (${pre.reason})` : '';
  const when = live && pre?.evaluated !== false ? liveVerdict(live) : '';
  io.stdout.write(`${verdict}: ${source}${subject}${result.entity ? ` (${entityLabel(result.entity)})` : ''}${when}${why}\n`);
  if (options.explain) {
    if (pre) io.stdout.write(`${filterCheck!.preEvaluationLine(pre, result.matched)}\n`);
    if (live) io.stdout.write(`${liveTraceLine(live)}\n`);
    io.stdout.write(`${colourTrace(formatTrace(result.trace), style)}\n`);
  }
  return 0;
}

