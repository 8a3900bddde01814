/**
 * Whether ingestRealtime asks Connect for a live session's attributes when no stored
 * contact record tells them (engine/pipeline/session-attributes.ts): deployed stages
 * set `CONNECT_RULES_CONTACT_ATTRIBUTES=connect` (deploy/functions.ts, with the IAM
 * grant), the local stage `none` (it has no Connect: deploy/local-stage.ts).
 */
import type { PipelineConfig } from '../engine/pipeline/config.ts';
import type { ContactAttributesSource } from '../engine/pipeline/session-attributes.ts';

export const CONTACT_ATTRIBUTES_VAR = 'CONNECT_RULES_CONTACT_ATTRIBUTES';

/**
 * Connect's GetContactAttributes, its module (and the Connect client) loaded on the first
 * session that asks, not at the function's start: sessions whose record is stored ask nothing.
 */
function connectAttributes(config: PipelineConfig): ContactAttributesSource {
  let source: Promise<ContactAttributesSource> | undefined;
  const load = () =>
    import('../engine/pipeline/connect-attributes.ts').then(
      (m) => m.connectContactAttributesIn(config.region),
      (err: unknown) => {
        source = undefined; // the next session tries the load again
        throw err;
      },
    );
  return { attributes: async (instanceId, contactId) => (await (source ??= load())).attributes(instanceId, contactId) };
}

/** The source the environment names: Connect, or none (unset or `none`); any other value is refused at start. */
export function contactAttributesFromEnv(env: NodeJS.ProcessEnv = process.env): ((config: PipelineConfig) => ContactAttributesSource) | undefined {
  const value = env[CONTACT_ATTRIBUTES_VAR]?.trim() || 'none';
  if (value === 'none') return undefined;
  if (value === 'connect') return connectAttributes;
  throw new Error(`${CONTACT_ATTRIBUTES_VAR} must be connect or none, got '${value}'`);
}
