/**
 * CloudFormation resources for the tables of storage/tables.ts, for a serverless.yml
 * (`resources.Resources`) or any template. Same data as the local server and the
 * tests use, so the deployed tables can't drift from the tested ones.
 */
import { TABLES, type TableDefinition } from '../storage/tables.ts';

export interface CloudFormationTableResource {
  readonly Type: 'AWS::DynamoDB::Table';
  readonly DeletionPolicy?: 'Retain' | 'Delete' | 'Snapshot';
  readonly UpdateReplacePolicy?: 'Retain' | 'Delete' | 'Snapshot';
  readonly Properties: Record<string, unknown>;
}

export interface TableResourceOptions {
  /**
   * Table name per table key (`{ rules: '${self:service}-${sls:stage}-rules' }`).
   * A table without one gets no `TableName` (CloudFormation generates it) unless
   * `useDefaultNames` is set.
   */
  readonly names?: Readonly<Record<string, unknown>>;
  /** Use each table's local default name when `names` has none. */
  readonly useDefaultNames?: boolean;
  /** Keep the tables when the stack is deleted (default true: rules are user data). */
  readonly retain?: boolean;
  /** Point-in-time recovery (default true). */
  readonly pointInTimeRecovery?: boolean;
  /** Only these table keys (default: all). */
  readonly tables?: readonly string[];
}

/** `AWS::DynamoDB::Table` properties for one definition. */
export function tableProperties(def: TableDefinition, options: TableResourceOptions = {}): Record<string, unknown> {
  const name = options.names?.[def.key] ?? (options.useDefaultNames ? def.defaultName : undefined);
  const props: Record<string, unknown> = {};
  if (name !== undefined) props.TableName = name;
  props.BillingMode = def.billingMode;
  props.KeySchema = def.keySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType }));
  props.AttributeDefinitions = def.attributeDefinitions.map((a) => ({
    AttributeName: a.AttributeName,
    AttributeType: a.AttributeType,
  }));
  if (def.globalSecondaryIndexes.length > 0) {
    props.GlobalSecondaryIndexes = def.globalSecondaryIndexes.map((g) => ({
      IndexName: g.IndexName,
      KeySchema: (g.KeySchema ?? []).map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
      Projection: {
        ProjectionType: g.Projection?.ProjectionType ?? 'ALL',
        ...(g.Projection?.NonKeyAttributes ? { NonKeyAttributes: [...g.Projection.NonKeyAttributes] } : {}),
      },
    }));
  }
  if (def.ttlAttribute) props.TimeToLiveSpecification = { AttributeName: def.ttlAttribute, Enabled: true };
  if (options.pointInTimeRecovery ?? true) {
    props.PointInTimeRecoverySpecification = { PointInTimeRecoveryEnabled: true };
  }
  return props;
}

/** CloudFormation resources keyed by logical id (`{ RulesTable: { Type: 'AWS::DynamoDB::Table', ... } }`). */
export function tableResources(options: TableResourceOptions = {}): Record<string, CloudFormationTableResource> {
  const retain = options.retain ?? true;
  const out: Record<string, CloudFormationTableResource> = {};
  for (const def of Object.values(TABLES)) {
    if (options.tables && !options.tables.includes(def.key)) continue;
    out[def.logicalId] = {
      Type: 'AWS::DynamoDB::Table',
      ...(retain ? { DeletionPolicy: 'Retain' as const, UpdateReplacePolicy: 'Retain' as const } : {}),
      Properties: tableProperties(def, options),
    };
  }
  return out;
}

/** Environment variables a function needs to find the tables (`{ RULES_TABLE: { Ref: 'RulesTable' } }`). */
export function tableEnvironment(options: { tables?: readonly string[] } = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const def of Object.values(TABLES)) {
    if (options.tables && !options.tables.includes(def.key)) continue;
    out[def.envVar] = { Ref: def.logicalId };
  }
  return out;
}
