/**
 * An OnMetricDataUpdate rule's function in the JSON form, as the rule builder writes
 * one: a single metric condition inside the root's group, the grouping
 * (`MetricDataGrouping`) on the root. For the tests that need one such rule.
 */
export interface MetricCondition {
  readonly Operator: string;
  readonly Operands: readonly unknown[];
  /** The metric: `$.MetricData.<metric>`. */
  readonly metric: string;
  /** The condition's filters (queue, routing profile, duration...). */
  readonly filters: readonly object[];
}

export const metricRuleFunction = (grouping: readonly string[], { Operator, Operands, metric, filters }: MetricCondition): string =>
  JSON.stringify({
    Version: '2022-11-25',
    RuleFunction: {
      Operator: 'AND',
      Operands: [{ Operator: 'AND', Operands: [{ Operator, Operands, ComparisonValue: `$.MetricData.${metric}`, FilterClause: { LogicOperator: 'AND', Filters: filters }, Negate: false }] }],
      FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'MetricDataGrouping', Data: grouping }] },
    },
  });
