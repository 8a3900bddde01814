/**
 * A canonical trigger event joined with the contact record of its contact: the
 * canonical branch of `buildTriggerEvent` (index.ts), in a module of its own so that
 * a caller holding canonical or loaded events (engine/pipeline/events.ts, the
 * evaluation export adapter) imports none of the other input forms' readers
 * (analysis files, real-time segments).
 */
import { BODY_PATHS } from './body-paths.ts';
import { loadCanonicalEvent } from './canonical.ts';
import { contactBody, type ContactFacts } from './contact-record.ts';
import { InputFormatError } from './errors.ts';
import { agree, readInput, type BuildTriggerEventInput, type InputRead } from './input.ts';
import { isObject, type JsonObject } from './json.ts';
import type { TriggerEvent } from './types.ts';

/**
 * `body` with the members of `defaults` it lacks (deeply for objects): a copy of what
 * gains a member, the rest shared (a loaded event shares what its input holds).
 */
function withDefaults(body: JsonObject, defaults: JsonObject): JsonObject {
  let out: JsonObject | undefined;
  for (const [key, value] of Object.entries(defaults)) {
    if (value === undefined) continue;
    const own = body[key];
    const merged = own === undefined ? value : isObject(own) && isObject(value) ? withDefaults(own, value) : own;
    if (merged !== own) (out ??= { ...body })[key] = merged;
  }
  return out ?? body;
}

/**
 * A loaded canonical event (loadCanonicalEvent) joined with the contact record of its
 * contact, without loading it again: a contact-analysis body gains the record's members
 * it lacks (its own win), and the event the record's instance ARN when it has none and
 * the instances agree. `loaded` is not changed. Throws InputFormatError at `contactFile`
 * when the record is of another contact.
 */
export function joinContactRecord(loaded: TriggerEvent, contact: ContactFacts, contactFile = 'contact'): TriggerEvent {
  const path = BODY_PATHS[loaded.EventSourceName];
  if (!path || path[0] !== 'ContactLens') return loaded;
  const contactLens = loaded.ContactLens as JsonObject;
  const body = contactLens[path[1]] as JsonObject;
  const given = body.ContactId;
  if (given !== undefined && contact.ContactId !== undefined && given !== contact.ContactId) {
    throw new InputFormatError(contactFile, contact.format === 'ctr' ? '/ContactId' : '/Contact/Id', `the contact record is for contact ${contact.ContactId}, the event for contact ${String(given)}`);
  }
  const joined = { ...loaded, ContactLens: { ...contactLens, [path[1]]: withDefaults(body, contactBody(contact) as JsonObject) } };
  const arn = loaded.InstanceArn === undefined && contact.InstanceId === loaded.InstanceId ? contact.InstanceArn : undefined;
  return (arn === undefined ? joined : { ...joined, InstanceArn: arn }) as TriggerEvent;
}

/** How a canonical event is checked and loaded: loadCanonicalEvent, or a loader of one source's events (loadEvaluationEvent). */
export type CanonicalLoader = typeof loadCanonicalEvent;

/**
 * `event` (a canonical trigger event by `isCanonicalEvent`) loaded by `load` and joined as
 * `buildTriggerEvent` does. `load` has no default: a default would keep loadCanonicalEvent,
 * and every source's shapes, in a bundle that loads one source's events.
 */
export function fromCanonicalEvent(event: JsonObject, input: BuildTriggerEventInput, { file, contactFile, contact }: InputRead, load: CanonicalLoader): TriggerEvent {
  const loaded = load(event, { file });
  agree(file, loaded.EventSourceName, input.source, `a canonical ${loaded.EventSourceName} event`);
  return contact ? joinContactRecord(loaded, contact, contactFile) : loaded;
}

/** The trigger event of `input.event`, a canonical trigger event (a JSON object) loaded by `load`: `buildTriggerEvent` for a caller that reads no other form. */
export function canonicalInputToTriggerEvent(input: BuildTriggerEventInput & { readonly event: JsonObject }, load: CanonicalLoader): TriggerEvent {
  return fromCanonicalEvent(input.event, input, readInput(input), load);
}
