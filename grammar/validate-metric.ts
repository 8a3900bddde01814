/**
 * The three-level form of an OnMetricDataUpdate rule: root (its MetricDataGrouping)
 * → 1-2 metric groups → ≤10 metric conditions, each group with one end-dimension
 * filter type, one time window or none, and the channel filter on all or none.
 * grammar/validate.ts runs these checks inside its own validation (`MetricHost`);
 * a function packaged without the OnMetricDataUpdate catalogue holds none of this
 * module (grammar/catalogue/index.ts `packagedSourceVar`: validate.ts tests the
 * variable where it calls in).
 */
import type { ConditionNode, FilterClause, GroupNode } from './ast.ts';
import type { SourceSpan } from './errors.ts';
import type { GroupShape } from './condition-limit.ts';
import { show } from './catalogue/check.ts';
import type { ConditionSpec, FilterRule, MetricGrouping, SourceCatalogue } from './catalogue/index.ts';
import {
  CHANNEL_FILTER,
  END_DIMENSION_FILTER_TYPES,
  GROUPING_FILTER,
  METRIC_CONDITIONS_PER_GROUP,
  METRIC_GROUP_LIMIT,
  METRIC_WINDOW_FILTERS,
} from './catalogue/metrics.ts';

/** What the metric checks use of the validation they run in (grammar/validate.ts). */
export interface MetricHost {
  readonly catalogue: SourceCatalogue;
  fail(span: SourceSpan, message: string): void;
  /** Operator, emptiness, Negate and FilterClause of an AND/OR node (`filters`: those it takes). */
  groupShape(group: GroupNode, what: string, filters?: Readonly<Record<string, FilterRule>>): void;
  /** Everything about one condition that its own row decides; its row when the path is known. */
  leaf(node: ConditionNode): ConditionSpec | undefined;
}

const tooManyMetricGroups = (groups: number): string => `an OnMetricDataUpdate rule has at most ${METRIC_GROUP_LIMIT} metric groups, got ${groups}`;
const tooManyInMetricGroup = (conditions: number): string => `a metric group holds at most ${METRIC_CONDITIONS_PER_GROUP} conditions, got ${conditions}`;

const isEndDimension = (type: string): boolean => (END_DIMENSION_FILTER_TYPES as readonly string[]).includes(type);
const isWindow = (type: string): boolean => (METRIC_WINDOW_FILTERS as readonly string[]).includes(type);

/** The first node of a metric rule's shape past a group limit, as `checkMetricRoot` words it (grammar/condition-limit.ts). */
export function metricGroupLimit(root: GroupShape): { node: GroupShape['operands'][number]; message: string } | undefined {
  if (root.operands.length > METRIC_GROUP_LIMIT) return { node: root.operands[METRIC_GROUP_LIMIT]!, message: tooManyMetricGroups(root.operands.length) };
  for (const group of root.operands) {
    if (group.kind === 'group' && group.operands.length > METRIC_CONDITIONS_PER_GROUP) {
      return { node: group.operands[METRIC_CONDITIONS_PER_GROUP]!, message: tooManyInMetricGroup(group.operands.length) };
    }
  }
  return undefined;
}

/** Every problem of a metric rule's form, reported through `v`. */
export function checkMetricRoot(v: MetricHost, root: GroupNode): void {
  v.groupShape(root, 'the RuleFunction root', v.catalogue.rootFilters ?? {});
  const grouping = groupingOf(root.filterClause);
  if (root.operands.length > METRIC_GROUP_LIMIT) {
    v.fail(root.operands[METRIC_GROUP_LIMIT].span, tooManyMetricGroups(root.operands.length));
  }
  for (const child of root.operands) {
    if (child.kind === 'condition') {
      v.fail(child.span, 'a metric condition must stand in a metric group (an AND/OR group under the root)');
      metricLeaf(v, child, grouping);
    } else {
      metricGroup(v, child, grouping);
    }
  }
}

function metricGroup(v: MetricHost, group: GroupNode, grouping: MetricGrouping | undefined): void {
  v.groupShape(group, 'a metric group');
  if (group.operands.length > METRIC_CONDITIONS_PER_GROUP) {
    v.fail(group.operands[METRIC_CONDITIONS_PER_GROUP].span, tooManyInMetricGroup(group.operands.length));
  }
  const leaves: ConditionNode[] = [];
  for (const child of group.operands) {
    if (child.kind === 'group') {
      v.fail(child.span, 'a metric group holds metric conditions only, not a nested group');
    } else if (metricLeaf(v, child, grouping)) {
      leaves.push(child);
    }
  }
  metricGroupConsistency(v, leaves);
}

function metricLeaf(v: MetricHost, node: ConditionNode, grouping: MetricGrouping | undefined): ConditionSpec | undefined {
  const spec = v.leaf(node);
  if (!spec?.metric || !grouping) return spec;
  const dims = spec.metric.groupings[grouping];
  if (!dims) {
    const needs = Object.keys(spec.metric.groupings).join(' or ');
    v.fail(node.comparisonValueSpan, `${spec.name} can't be used with ${GROUPING_FILTER} ${grouping}: it needs ${needs}`);
    return spec;
  }
  for (const f of node.filterClause?.filters ?? []) {
    if (isEndDimension(f.type) && spec.filters && Object.hasOwn(spec.filters, f.type) && !dims.includes(f.type)) {
      v.fail(f.typeSpan, `${f.type} is not an end-dimension filter of ${spec.name} under ${grouping}: use one of ${dims.join(', ')}`);
    }
  }
  return spec;
}

/** Within a metric group: one end-dimension filter type, one time window (or none), channel on all or none. */
function metricGroupConsistency(v: MetricHost, leaves: readonly ConditionNode[]): void {
  const filterOf = (node: ConditionNode, test: (type: string) => boolean) => node.filterClause?.filters.find((f) => test(f.type));
  const [first, ...rest] = leaves;
  if (!first) return;
  const dim = filterOf(first, isEndDimension);
  const window = filterOf(first, isWindow);
  const channel = filterOf(first, (t) => t === CHANNEL_FILTER);
  let windowReported = false;
  let channelReported = false;
  for (const node of rest) {
    const d = filterOf(node, isEndDimension);
    if (dim && d && d.type !== dim.type) {
      v.fail(d.typeSpan, `every condition of a metric group uses the same end-dimension filter: ${dim.type}, not ${d.type}`);
    }
    const w = filterOf(node, isWindow);
    if (!windowReported && (window === undefined) !== (w === undefined)) {
      windowReported = true;
      v.fail(node.comparisonValueSpan, 'metrics with a time window (historical) and without one (real-time) cannot share a metric group');
    } else if (window && w && JSON.stringify(window.data) !== JSON.stringify(w.data)) {
      v.fail(w.dataSpan, `every condition of a metric group has the same time window: ${show(window.data)}, not ${show(w.data)}`);
    }
    const c = filterOf(node, (t) => t === CHANNEL_FILTER);
    if (!channelReported && (channel === undefined) !== (c === undefined)) {
      channelReported = true;
      v.fail(node.comparisonValueSpan, `${CHANNEL_FILTER} must be on every condition of a metric group or on none`);
    }
  }
}

/** The valid grouping of the root FilterClause, if it names one (its problems are reported by the filter check). */
function groupingOf(clause: FilterClause | undefined): MetricGrouping | undefined {
  const data = clause?.filters.find((f) => f.type === GROUPING_FILTER)?.data;
  const value = Array.isArray(data) && data.length === 1 ? data[0] : undefined;
  return value === 'AGENT' || value === 'QUEUE' || value === 'ROUTING_PROFILE' || value === 'FLOW' ? value : undefined;
}
