/**
 * `eval`'s messages that point at the fix: the rule's source against the event's,
 * a contact record given as the event, contact conditions read without one.
 * Loaded with the command's action, not at start-up.
 */
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import { catalogueFor, resolveCondition } from '../../grammar/catalogue/index.ts';
import { FAMILIES } from '../../grammar/text/aliases.ts';
import type { ExplainTrace } from '../../engine/compile/trace.ts';
import { BODY_PATHS } from '../../engine/context/body-paths.ts';
import { CONTACT_MEMBERS, isContactRecord } from '../../engine/context/contact-record.ts';
import { InputFormatError, SourceMismatchError } from '../../engine/context/errors.ts';
import type { RuleInput } from '../../engine/rulefiles/load.ts';
import { detectPayload, PAYLOAD_NAMES } from '../../engine/ingest/detect.ts';
import { UsageError } from '../io.ts';
import { isSemanticPath } from '../../engine/transcript/semantic.ts';

/** The words of a source's family (`post-chat`), beside its name, for messages. */
function named(source: EventSourceName): string {
  const family = FAMILIES.find((f) => f.sources.includes(source));
  return family ? `${source} (${family.name})` : source;
}

/**
 * A refusal of the event that points at the fix: the rule's source against the
 * event's (not a path the rule cannot have), a contact record that is not the event.
 */
export function betterEventError(
  err: unknown,
  at: { rule: RuleInput; ruleSource?: EventSourceName; eventJson: unknown; eventFile: string; contactFile?: string; contactJson?: () => unknown },
): unknown {
  if (err instanceof SourceMismatchError && at.ruleSource === err.requested) {
    return new UsageError(`${at.rule.label}: the rule is for ${named(err.requested)} and ${at.eventFile} is ${named(err.detected)}; evaluate it on an event of its source`);
  }
  const inputs = { eventFile: at.eventFile, eventJson: () => at.eventJson, contactFile: at.contactFile, contactJson: at.contactJson };
  return misplacedInput(err, inputs, { contact: '--contact', event: '--event' }) ?? err;
}

/** The event and the contact record as given, each read again only for a refusal of its format (it was read once: it exists and is JSON). */
export interface GivenInputs {
  readonly eventFile?: string;
  readonly eventJson?: () => unknown;
  readonly contactFile?: string;
  readonly contactJson?: () => unknown;
}

/**
 * A contact record given where the event goes, or an event where the contact record goes, refused for
 * what it is (not "missing Transcript", "not a contact record") with the ways of giving each:
 * `--contact`/`--event` on eval's and repl's command line, `.contact`/`.load` in the REPL.
 */
export function misplacedInput(err: unknown, given: GivenInputs, give: { readonly contact: string; readonly event: string }): UsageError | undefined {
  if (!(err instanceof InputFormatError)) return undefined;
  if (err.file === given.eventFile && given.eventJson && isContactRecord(given.eventJson())) {
    return new UsageError(`${err.file}: a contact record (CTR or DescribeContact response), not an event: give it with ${give.contact}, and the contact's analysis file or event with ${give.event}`);
  }
  if (err.file !== given.contactFile || !given.contactJson) return undefined;
  const kind = detectPayload(given.contactJson());
  if (kind === 'contact-record' || kind === 'unknown') return undefined;
  return new UsageError(`${err.file}: ${PAYLOAD_NAMES[kind]}, not a contact record: give it with ${give.event}, and the contact's CTR or DescribeContact response with ${give.contact}`);
}

/**
 * Whether the condition at `path` of a `source` rule reads the contact's AI agents, which only
 * DescribeContact gives (`Contact.WisdomInfo.AiAgents`; a CTR has none): its catalogue row's
 * value is the AI agents (`aiAgent`), as the compiler reads it.
 */
export const readsAiAgents = (source: EventSourceName, path: string): boolean => resolveCondition(catalogueFor(source), path)?.spec.value.kind === 'aiAgent';

/** What to give with `--contact` for a missing value read at `path` of a `source` rule. */
export function contactToGive(source: EventSourceName, path: string): string {
  return readsAiAgents(source, path) ? 'the DescribeContact response (its Contact.WisdomInfo.AiAgents; a CTR has none)' : 'the CTR or DescribeContact response';
}

/**
 * Whether the condition at `path` of a `source` rule reads a member of the body that only the
 * contact record gives (`CONTACT_MEMBERS`): where its catalogue row says the value lives
 * (`docPath`), under the source's body (`BODY_PATHS`), not how the path is spelt.
 */
function readsContactMember(source: EventSourceName, path: string): boolean {
  const body = BODY_PATHS[source];
  const docPath = resolveCondition(catalogueFor(source), path)?.docPath;
  if (!body || !docPath || docPath.length <= body.length || body.some((segment, i) => docPath[i] !== segment)) return false;
  return CONTACT_MEMBERS.includes(docPath[body.length]!);
}

/** The paths of the conditions of a `source` rule on contact record members whose node `picks` (missing, not applicable). */
function contactPaths(trace: ExplainTrace, source: EventSourceName, picks: (node: ExplainTrace) => boolean | undefined): string[] {
  const found = new Set<string>();
  const walk = (node: ExplainTrace): void => {
    if (node.kind === 'condition' && picks(node) && node.path && readsContactMember(source, node.path)) found.add(node.path);
    for (const child of node.children ?? []) walk(child);
  };
  walk(trace);
  return [...found];
}

/** The paths of conditions that read missing values only a contact record gives. */
export const missingContactPaths = (trace: ExplainTrace, source: EventSourceName): string[] => contactPaths(trace, source, (node) => node.missing);

/**
 * The paths of real-time conditions that did not apply because the session does not
 * know their fact yet (attributes, queue, agent: engine/compile/leaves.ts `untilKnown`),
 * which a contact record given with `--contact` tells.
 */
export const notYetKnownContactPaths = (trace: ExplainTrace, source: EventSourceName): string[] => contactPaths(trace, source, (node) => node.notApplicable);

/** Whether a semantic-match condition took part in the verdict (is in the trace). */
export function semanticInTrace(trace: ExplainTrace): boolean {
  return (trace.kind === 'condition' && isSemanticPath(trace.path)) || (trace.children ?? []).some(semanticInTrace);
}
