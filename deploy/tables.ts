/**
 * The DynamoDB tables of the stack: `TABLES` (storage/tables.ts) through
 * `tableResources()` (deploy/cloudformation.ts), named per stage, with deletion
 * protection and retention on the tables that hold data.
 */
import { TABLES, type TableDefinition } from '../storage/tables.ts';
import { tableResources } from './cloudformation.ts';
import { isLocalStage, localTableName } from './local-stage.ts';
import type { DeployContext } from './parameters.ts';

/**
 * Tables whose items are all transient state (delivery de-duplication, pending
 * joins, the action ledger): no deletion protection and deleted with the stack.
 * Every other table holds data (rules, contacts, cases, ...): deletion protection
 * on, and kept when the stack is removed. A table added to `TABLES` is data unless
 * listed here.
 */
export const STATE_TABLE_KEYS: ReadonlySet<string> = new Set(['pipelineState', 'idempotency', 'ledger']);

export const isDataTable = (def: TableDefinition) => !STATE_TABLE_KEYS.has(def.key);

/** `<service>-<stage>-<key>`; on the `local` stage, the name `connect-rules serve` gives the table. */
export const tablePhysicalName = (ctx: DeployContext, def: TableDefinition) =>
  isLocalStage(ctx.stage) ? localTableName(ctx, def) : `${ctx.service}-${ctx.stage}-${def.key}`;

/** The `AWS::DynamoDB::Table` resources, keyed by logical id. */
export function tableResourcesOf(ctx: DeployContext): Record<string, unknown> {
  const names = Object.fromEntries(Object.values(TABLES).map((d) => [d.key, tablePhysicalName(ctx, d)]));
  const out: Record<string, unknown> = {};
  for (const def of Object.values(TABLES)) {
    const data = isDataTable(def);
    const [resource] = Object.values(tableResources({ names, tables: [def.key], retain: data, pointInTimeRecovery: true }));
    out[def.logicalId] = {
      ...resource,
      ...(data ? {} : { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' }),
      Properties: { ...resource!.Properties, DeletionProtectionEnabled: data },
    };
  }
  return out;
}

/** The table definition of a function's table key; an unknown key is refused, naming the function. */
export function tableDef(key: string, fn: string): TableDefinition {
  const def = TABLES[key];
  if (!def) throw new Error(`function ${fn}: unknown table '${key}' (known: ${Object.keys(TABLES).join(', ')})`);
  return def;
}
