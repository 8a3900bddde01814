/**
 * EXTRACT_INFORMATION (newest model, semantics UNCONFIRMED): accepted and stored with
 * the rule; running it is a documented no-op that says so in its result.
 */
import type { ActionExecutor, ActionInvocation, ActionOutcome } from '../types.ts';
import { outcome } from './support.ts';

export function extractInformation(): ActionExecutor {
  return {
    type: 'EXTRACT_INFORMATION',
    idempotent: true,
    async execute(inv: ActionInvocation): Promise<ActionOutcome> {
      const ids = (inv.action.ExtractInformationAction?.RulesExtractionDefinitions ?? []).map((d) => d.Identifier);
      return outcome(inv, 'SKIPPED', `EXTRACT_INFORMATION is a no-op: its semantics are not documented yet (extraction definitions ${ids.join(', ') || 'none'} not run)`, {
        output: { noop: true, identifiers: ids },
      });
    },
  };
}
