/**
 * The table definitions as data, and the CloudFormation made from them.
 */
import { describe, expect, it } from 'vitest';
import { tableEnvironment, tableResources } from '../deploy/cloudformation.ts';
import { RULES_TABLE, createTableInput, tableName } from './tables.ts';

describe('storage/tables', () => {
  it('names tables from the environment with local defaults', () => {
    expect(tableName(RULES_TABLE, {})).toBe('connect-rules-local-rules');
    expect(tableName(RULES_TABLE, { RULES_TABLE: 'prod-rules' })).toBe('prod-rules');
  });

  it('gives a CreateTable input with the hot-path index and on-demand billing', () => {
    const input = createTableInput(RULES_TABLE, 't');
    expect(input).toMatchObject({ TableName: 't', BillingMode: 'PAY_PER_REQUEST' });
    expect(input.GlobalSecondaryIndexes!.map((g) => g.IndexName)).toEqual(['BySource', 'ByStatus']);
    const defined = new Set(input.AttributeDefinitions!.map((a) => a.AttributeName));
    const used = [...input.KeySchema!, ...input.GlobalSecondaryIndexes!.flatMap((g) => g.KeySchema!)].map((k) => k.AttributeName);
    expect(new Set(used)).toEqual(defined);
  });

  it('turns the same data into AWS::DynamoDB::Table resources', () => {
    const resources = tableResources({ names: { rules: { 'Fn::Sub': '${AWS::StackName}-rules' } } });
    const table = resources.RulesTable!;
    expect(table.Type).toBe('AWS::DynamoDB::Table');
    expect(table.DeletionPolicy).toBe('Retain');
    const input = createTableInput(RULES_TABLE);
    expect(table.Properties).toMatchObject({
      TableName: { 'Fn::Sub': '${AWS::StackName}-rules' },
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: input.KeySchema,
      AttributeDefinitions: input.AttributeDefinitions,
      GlobalSecondaryIndexes: input.GlobalSecondaryIndexes,
      TimeToLiveSpecification: { AttributeName: 'ExpiresAt', Enabled: true },
    });
    expect(tableResources({ retain: false }).RulesTable!.DeletionPolicy).toBeUndefined();
    expect(tableEnvironment({ tables: ['rules'] })).toEqual({ RULES_TABLE: { Ref: 'RulesTable' } });
    expect(tableEnvironment()).toMatchObject({ RULES_TABLE: { Ref: 'RulesTable' }, ACTION_LEDGER_TABLE: { Ref: 'ActionLedgerTable' } });
  });
});
