/**
 * Which Amazon Connect instance an event belongs to. Contact Lens files, segments,
 * contact records and canonical events name their instance; a Cases event names a
 * Cases domain, a Zendesk or Salesforce event its partner event source: those are
 * associated with an instance by configuration (in Amazon Connect, by the
 * integration association), else the default instance.
 */
import { BadInputError } from './errors.ts';

export interface InstanceDirectory {
  /** The instance of events that do not name one and have no mapping below. */
  readonly defaultInstanceId?: string;
  /** Cases domain id → instance id. */
  readonly casesDomains?: Readonly<Record<string, string>>;
  /** EventBridge `source` (exact) → instance id, for partner event sources. */
  readonly eventSources?: Readonly<Record<string, string>>;
  /** When set, the only instances served: events of other instances are bad input (`unknown-instance`). */
  readonly knownInstances?: ReadonlySet<string>;
}

/** Throws BadInputError('unknown-instance') when the directory restricts instances and `instanceId` is not one. */
export function requireKnownInstance(directory: InstanceDirectory, instanceId: string, what: string): string {
  if (directory.knownInstances && !directory.knownInstances.has(instanceId)) {
    throw new BadInputError(
      'unknown-instance',
      `${what} is for instance ${instanceId}, which this engine does not serve (known: ${[...directory.knownInstances].join(', ') || 'none'})`,
    );
  }
  return instanceId;
}

/** The instance of an event that may not name one: its own, else the mapping, else the default. */
export function resolveInstance(
  directory: InstanceDirectory,
  hint: { readonly instanceId?: string; readonly casesDomainId?: string; readonly eventSource?: string },
  what: string,
): string {
  const id =
    hint.instanceId ??
    (hint.casesDomainId !== undefined ? directory.casesDomains?.[hint.casesDomainId] : undefined) ??
    (hint.eventSource !== undefined ? directory.eventSources?.[hint.eventSource] : undefined) ??
    directory.defaultInstanceId;
  if (id === undefined) {
    const via = hint.casesDomainId ? ` (its Cases domain ${hint.casesDomainId} is mapped to none)` : hint.eventSource ? ` (its event source ${hint.eventSource} is mapped to none)` : '';
    throw new BadInputError('unknown-instance', `${what} names no Amazon Connect instance${via} and no default instance is configured`);
  }
  return requireKnownInstance(directory, id, what);
}

/** `a=b,c=d` → `{a: 'b', c: 'd'}` (configuration from the environment). */
export function parseMapping(text: string | undefined, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (text ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) throw new Error(`${name}: expected key=value pairs separated by commas, got '${part}'`);
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
