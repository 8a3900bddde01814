/**
 * The variable packaging sets per action type, in a module of its own: the deploy
 * configuration and the build plugin (deploy/actions.ts) name it without loading
 * every executor and the runner (index.ts reads it, spelled out, for esbuild to fold).
 */
import type { ActionType } from '../../rules/model.ts';

/** The variable packaging replaces for an action type ('no': not packaged). */
export const packagedActionVar = (type: ActionType) => `CONNECT_RULES_PACKAGED_ACTION_${type}`;
