/**
 * `connect-rules eval`: one function against one event, with the verdict and,
 * on request, the explain trace. Exit 0 when the evaluation ran (matched or not),
 * 2 when the function or an input is invalid.
 */
import type { Command } from 'commander';
import type { TriggerEvent } from '../../engine/context/types.ts';
import { EVENT_SOURCE_NAMES, type EventSourceName } from '../../grammar/catalogue/types.ts';
import { familyByWord, FAMILIES } from '../../grammar/text/aliases.ts';
import { readJson, runCommand, UsageError, writeJsonErrors } from '../io.ts';

interface EvalOptions {
  function: string;
  rule?: string;
  event: string;
  contact?: string;
  source?: string;
  instanceId?: string;
  explain?: boolean;
  json?: boolean;
}

/** What `--function` takes (engine/rulefiles/load.ts). */
export const FUNCTION_INPUT =
  'a Function (JSON, its escaped JSON string, or the readable text form), a CreateRule body, a list of them, a DescribeRule response or a CloudFormation template (a rule gives its Function and event source)';

/**
 * `--source`: an EventSourceName, or the short name the text form's `on` line uses
 * (`post-call`), both case-insensitive; a short name of several sources (`case`) names them.
 */
export function parseSourceOption(value: string | undefined): EventSourceName | undefined {
  if (value === undefined) return undefined;
  const exact = EVENT_SOURCE_NAMES.find((s) => s.toLowerCase() === value.toLowerCase());
  if (exact) return exact;
  const family = familyByWord(value);
  if (family?.sources.length === 1) return family.sources[0];
  if (family) throw new UsageError(`event source "${value}" names ${family.sources.length} sources; one of: ${family.sources.join(', ')}`);
  const shortNames = FAMILIES.filter((f) => f.sources.length === 1).map((f) => f.name);
  throw new UsageError(`unknown event source "${value}"; one of: ${shortNames.join(', ')} or an EventSourceName: ${EVENT_SOURCE_NAMES.join(', ')}`);
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('evaluate a rule function against an event (a Contact Lens analysis file or a canonical trigger event)')
    .requiredOption('--function <file>', `the rule function or a rule: ${FUNCTION_INPUT}`)
    .option('--rule <name>', 'the rule to take the function of, when the input holds several')
    .requiredOption('--event <file>', 'the event: a Contact Lens analysis file (voice or chat), real-time segments, an evaluation export, a Cases, Zendesk or Salesforce EventBridge event, a metric snapshot or a canonical trigger event')
    .option('--contact <file>', 'the contact trace record or DescribeContact response of the contact')
    .option('--source <EventSourceName>', 'the trigger event source, an EventSourceName or its short name (post-call); inferred from the event when omitted')
    .option('--instance-id <id>', 'the Amazon Connect instance of an event that names none (a Cases event names its Cases domain)')
    .option('--explain', 'show why each condition is true or false')
    .option('--json', 'print one JSON object (a refusal: {"errors": [{file, line, column, message}]})')
    .action((options: EvalOptions) => runCommand(() => evaluate(options), { json: options.json }));
}

async function evaluate(options: EvalOptions): Promise<number> {
  // Loaded here, not at the top: `--help` and the other commands stay fast.
  // The language's parsers (Chevrotain) are loaded only for a text-form or malformed function:
  // well-formed JSON is read and checked without them (grammar/stored.ts), a third of eval's start.
  const [
    { detectForm },
    { checkWellFormedFunction },
    { compileFunction },
    { formatTrace },
    { evalTriggerEvent },
    { loadOneFunction, sourceOf },
    { betterEventError, missingContactPaths },
    { colourTrace, styleFor },
  ] = await Promise.all([
    import('../../grammar/form.ts'),
    import('../../grammar/stored.ts'),
    import('../../engine/compile/index.ts'),
    import('../../engine/compile/trace.ts'),
    import('./eval-event.ts'),
    import('../../engine/rulefiles/load.ts'),
    import('./eval-hints.ts'),
    import('../repl/colour.ts'),
  ]);
  const rule = loadOneFunction(options.function, { name: options.rule });
  for (const warning of rule.warnings) process.stderr.write(`warning: ${warning}\n`);
  const given = parseSourceOption(options.source);
  // A rule, or a text with an `on` line, names its event source: the event is read as one of that source.
  const textForm = () => import('../../grammar/text/index.ts');
  const ruleSource = sourceOf(rule) ?? (rule.origin.shape === 'text' ? (await textForm()).parseAnyForm(rule.function).source : undefined);
  const eventJson = readJson(options.event);
  let event: TriggerEvent;
  let readsContact: boolean;
  try {
    ({ event, readsContact } = evalTriggerEvent({
      event: eventJson,
      contact: options.contact === undefined ? undefined : readJson(options.contact),
      source: given ?? ruleSource,
      eventFile: options.event,
      contactFile: options.contact,
      instanceId: options.instanceId,
    }));
  } catch (err) {
    throw betterEventError(err, { rule, ruleSource: given ? undefined : ruleSource, eventJson, eventFile: options.event });
  }
  const source = event.EventSourceName as EventSourceName;
  if (options.contact !== undefined && !readsContact) process.stderr.write(`warning: --contact is not read: ${source} events carry no contact record\n`);
  const { document, errors } =
    (detectForm(rule.function) === 'json' ? checkWellFormedFunction(rule.function, source) : undefined) ?? (await textForm()).checkAnyForm(rule.function, source);
  if (!document) {
    if (options.json) {
      writeJsonErrors(errors.map((e) => ({ file: rule.label, line: e.line, column: e.column, message: e.message })));
      return 2;
    }
    process.stderr.write(`${errors.map((e) => e.format(rule.label)).join('\n')}\n`);
    return 2;
  }
  const compiled = compileFunction(document, source);
  const result = compiled.explain(event);
  if (options.contact === undefined && readsContact) {
    for (const path of missingContactPaths(result.trace)) {
      process.stderr.write(`warning: ${path} reads missing: it comes from the contact record; give the CTR or DescribeContact response with --contact\n`);
    }
  }
  const contactId = (Object.values((event as any).ContactLens ?? {})[0] as any)?.ContactId;

  if (options.json) {
    const out: Record<string, unknown> = { matched: result.matched, source, instanceId: event.InstanceId };
    if (contactId !== undefined) out.contactId = contactId;
    if (result.row !== undefined) out.row = result.row;
    if (options.explain) out.trace = result.trace;
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  const subject = contactId ? ` for contact ${contactId}` : '';
  const style = styleFor(process.stdout);
  const verdict = result.matched ? style.green('MATCHED') : style.red('NOT MATCHED');
  process.stdout.write(`${verdict}: ${source}${subject}${result.row ? ` (row ${result.row})` : ''}\n`);
  if (options.explain) process.stdout.write(`${colourTrace(formatTrace(result.trace), style)}\n`);
  return 0;
}

