/**
 * Validation of a parsed rule function against the catalogue of its event source:
 * version, structure, operators, paths, operands,
 * filters, Negate, compound conditions, per-rule limits, and the three-level form of
 * OnMetricDataUpdate. Every problem is reported, each at the most precise span, so
 * one run tells the user everything; the compiler only ever sees a function with none.
 */
import {
  GROUP_OPERATORS,
  LANGUAGE_VERSION,
  LEAF_OPERATORS,
  type ConditionNode,
  type FilterClause,
  type FunctionDocument,
  type GroupNode,
  type RuleNode,
} from './ast.ts';
import { RuleValidationError, type SourceSpan } from './errors.ts';
import { mayBeCompound, tooManyConditions, type ConditionCounting, type GroupShape } from './condition-limit.ts';
import { checkOperands, describeFilterData, filterDataProblem, show, type Issue } from './catalogue/check.ts';
import {
  CATALOGUE,
  catalogueFor,
  resolveCondition,
  sourcesOfPath,
  type CompoundSpec,
  type ConditionSpec,
  type EventSourceName,
  type FilterChoice,
  type FilterRule,
  type SourceCatalogue,
} from './catalogue/index.ts';
import { LIMIT_GROUP_LABELS, TEMPLATE_SUFFIX, isTemplatePath } from './catalogue/rows.ts';
import { closest, closestPath, didYouMean } from './catalogue/suggest.ts';
import { checkMetricRoot, metricGroupLimit, type MetricHost } from './validate-metric.ts';

export { listConditionPaths } from './catalogue/index.ts';

const GROUP_OPS: readonly string[] = GROUP_OPERATORS;
const LEAF_OPS: readonly string[] = LEAF_OPERATORS;

/**
 * Every filter type any catalogue knows, for "did you mean" on an unknown type; made
 * when one is met, since it makes every source's catalogue (grammar/catalogue/index.ts).
 */
let allFilterTypes: ReadonlySet<string> | undefined;
const knownFilterTypes = (): ReadonlySet<string> =>
  (allFilterTypes ??= new Set(
    Object.values(CATALOGUE)
      .filter((c) => c.packaged !== false) // a source left out of a packaged function (grammar/catalogue/index.ts)
      .flatMap((c) => [...Object.keys(c.rootFilters ?? {}), ...c.conditions.flatMap((s) => Object.keys(s.filters ?? {}))]),
  ));

/** `NOT` is the one operator people expect that the language spells differently. */
const isNot = (op: string): boolean => op.toUpperCase() === 'NOT';
const NO_NOT = 'there is no NOT operator: write "Negate": true on a condition instead';

/**
 * Every problem of `doc` as a rule function of `source`, sorted by position. Empty
 * when the function is valid.
 */
export function validateFunction(doc: FunctionDocument, source: EventSourceName): RuleValidationError[] {
  const v = new Validation(catalogueFor(source));
  v.run(doc);
  return v.errors
    .sort((a, b) => a.span.start.offset - b.span.start.offset)
    .map((issue) => new RuleValidationError(issue.message, issue.span));
}

/**
 * How this validator counts a function's conditions for `source`, for the limit checked
 * before parsing (grammar/condition-limit.ts): which groups count as one condition (a
 * group one of whose own conditions is a compound's part; a shape that does not name
 * its paths, the text form, is counted as any source's might be), and for a metric rule
 * the group past its own limit (review B F2: a rule of 2 groups of 11 was told of the
 * rule's 20, not of the group's 10).
 */
export function conditionCountingFor(source: EventSourceName): ConditionCounting {
  const catalogue = catalogueFor(source);
  const isPart = (path: string | undefined): boolean => path !== undefined && resolveCondition(catalogue, path)?.spec.compound !== undefined;
  const compound = (group: GroupShape): boolean =>
    group.operands.some((o) => o.kind === 'condition' && o.path === undefined) ? mayBeCompound(group) : group.operands.some((o) => o.kind === 'condition' && isPart(o.path));
  // A function packaged without the metric catalogue has no metric structure (grammar/validate-metric.ts).
  return process.env.CONNECT_RULES_PACKAGED_SOURCE_OnMetricDataUpdate !== 'no' && catalogue.structure === 'metric' ? { compound, groupLimit: metricGroupLimit } : { compound };
}

/** A compound group with more than one compound's members: reported once, its leaves spared the "must stand in" error. */
const MIXED = 'mixed' as const;

class Validation implements MetricHost {
  readonly errors: Issue[] = [];
  /** Top-level conditions for the per-rule limit: a standalone leaf or a whole compound group. */
  private readonly units: SourceSpan[] = [];
  private readonly limitHits = new Map<string, SourceSpan[]>();
  private readonly resolved = new Map<ConditionNode, ConditionSpec | undefined>();

  constructor(readonly catalogue: SourceCatalogue) {}

  fail(span: SourceSpan, message: string): void {
    this.errors.push({ span, message });
  }

  run(doc: FunctionDocument): void {
    const { source } = this.catalogue;
    if (this.catalogue.packaged === false) {
      this.fail(doc.root.span, `this function was packaged without the catalogue of ${source}: it does not evaluate that event source (grammar/catalogue/index.ts)`);
      return;
    }
    if (!this.catalogue.documented) {
      this.fail(
        doc.root.span,
        `no conditions are documented for ${source}: a rule function can't be checked or evaluated for this event source`,
      );
      return;
    }
    if (doc.version !== LANGUAGE_VERSION) {
      this.fail(doc.versionSpan, `unsupported Version ${show(doc.version)}: the only version is "${LANGUAGE_VERSION}"`);
    }
    // A function packaged without the metric catalogue (refused above) holds no metric checks (grammar/validate-metric.ts).
    if (process.env.CONNECT_RULES_PACKAGED_SOURCE_OnMetricDataUpdate !== 'no' && this.catalogue.structure === 'metric') checkMetricRoot(this, doc.root);
    else this.flatRoot(doc.root);
  }

  // -------------------------------------------------------------------------
  // shared: groups, leaves, filters

  /** Operator, emptiness, Negate and (unless `filters` are allowed) FilterClause of an AND/OR node. */
  groupShape(group: GroupNode, what: string, filters?: Readonly<Record<string, FilterRule>>): void {
    const op = group.operator;
    if (!GROUP_OPS.includes(op)) {
      this.fail(
        group.operatorSpan,
        isNot(op)
          ? NO_NOT
          : LEAF_OPS.includes(op)
            ? `${op} is a condition operator: ${what} (a node without ComparisonValue) takes AND or OR`
            : `unknown group operator ${show(op)}: ${what} takes AND or OR${didYouMean(closest(op, GROUP_OPS))}`,
      );
    }
    if (group.operands.length === 0) this.fail(group.span, `${what} needs at least one operand`);
    if (group.negate === true) {
      this.fail(group.negateSpan ?? group.span, `Negate: true is not documented on ${what}; negate its conditions instead`);
    }
    if (filters) {
      this.filters(group.filterClause, filters, undefined, what, group.operatorSpan);
    } else if (group.filterClause) {
      const onlyRoot =
        this.catalogue.rootFilters !== undefined ? ` (only the root group takes one: ${Object.keys(this.catalogue.rootFilters).join(', ')})` : '';
      this.fail(group.filterClause.span, `FilterClause is not allowed on ${what}${onlyRoot}`);
    }
  }

  private resolve(node: ConditionNode): ConditionSpec | undefined {
    if (!this.resolved.has(node)) this.resolved.set(node, resolveCondition(this.catalogue, node.comparisonValue)?.spec);
    return this.resolved.get(node);
  }

  /** Everything about one condition that its own row decides. Returns its row when the path is known. */
  leaf(node: ConditionNode): ConditionSpec | undefined {
    const op = node.operator;
    const knownOperator = LEAF_OPS.includes(op);
    if (!knownOperator) {
      this.fail(
        node.operatorSpan,
        isNot(op)
          ? NO_NOT
          : GROUP_OPS.includes(op)
          ? `${op} is a group operator: a condition (with ComparisonValue) takes ${LEAF_OPS.join(', ')}`
          : `unknown operator ${show(op)}${didYouMean(closest(op, LEAF_OPS)) || `: expected one of ${LEAF_OPS.join(', ')}`}`,
      );
    }
    const spec = this.resolve(node);
    if (!spec) {
      this.fail(node.comparisonValueSpan, this.unsupportedPath(node.comparisonValue));
      return undefined;
    }
    if (knownOperator) {
      const form = spec.forms.find((f) => f.operator === op);
      if (!form) {
        const allowed = [...new Set(spec.forms.map((f) => f.operator))].join(' or ');
        this.fail(node.operatorSpan, `${op} is not an operator of ${spec.name} (${spec.path}): use ${allowed}`);
      } else {
        for (const issue of checkOperands(node, spec, form)) this.errors.push(issue);
      }
    }
    this.filters(node.filterClause, spec.filters ?? {}, spec.filterChoices, spec.name, node.comparisonValueSpan);
    if (node.negate === true && !spec.negatable) {
      this.fail(node.negateSpan ?? node.span, `Negate: true is not allowed on ${spec.name}: the docs only allow false`);
    }
    return spec;
  }

  /**
   * A FilterClause against the filter rules of its node. `missingAt` locates a
   * missing required filter when the node has no FilterClause at all.
   */
  private filters(
    clause: FilterClause | undefined,
    rules: Readonly<Record<string, FilterRule>>,
    choices: readonly FilterChoice[] | undefined,
    owner: string,
    missingAt: SourceSpan,
  ): void {
    const seen = new Set<string>();
    if (clause) {
      if (clause.logicOperator !== 'AND') {
        this.fail(clause.logicOperatorSpan, `LogicOperator must be "AND" (the only supported value), not ${show(clause.logicOperator)}`);
      }
      const allowed = Object.keys(rules);
      for (const f of clause.filters) {
        // Own keys only: a filter typed "constructor" or "toString" is no rule of ours.
        const rule = Object.hasOwn(rules, f.type) ? rules[f.type] : undefined;
        if (!rule) {
          const known = knownFilterTypes().has(f.type) ? '' : didYouMean(closest(f.type, allowed.length ? allowed : knownFilterTypes()));
          const takes = allowed.length ? `; it takes ${allowed.join(', ')}` : '; it takes no filters';
          this.fail(f.typeSpan, `${show(f.type)} filter is not allowed on ${owner}${known}${takes}`);
          continue;
        }
        if (seen.has(f.type)) {
          this.fail(f.typeSpan, `duplicate ${f.type} filter: a filter type appears once per FilterClause`);
          continue;
        }
        seen.add(f.type);
        const problem = filterDataProblem(f.type, rule.data, f.data);
        if (problem) this.fail(f.dataSpan, problem);
      }
    }
    const where = clause?.span ?? missingAt;
    for (const [type, rule] of Object.entries(rules)) {
      if (rule.required && !seen.has(type)) {
        this.fail(where, `${owner} requires the ${type} filter (${describeFilterData(rule.data)})`);
      }
    }
    for (const choice of choices ?? []) {
      const present = (clause?.filters ?? []).filter((f) => choice.types.includes(f.type) && Object.hasOwn(rules, f.type));
      const types = new Set(present.map((f) => f.type));
      if (types.size > 1) {
        const second = present.find((f) => f.type !== present[0].type)!;
        this.fail(second.typeSpan, `${owner} takes one ${choice.name}, not ${[...types].join(' and ')}`);
      } else if (choice.required && present.length === 0) {
        this.fail(where, `${owner} requires ${withArticle(choice.name)}: one of ${choice.types.join(', ')}`);
      }
    }
  }

  /** `Unsupported ComparisonValue: <path>`, and why: another source's condition, a missing key, or a near miss. */
  private unsupportedPath(path: string): string {
    const base = `Unsupported ComparisonValue: ${path}`;
    const refused = this.catalogue.refused?.find((r) => (r.path.endsWith('.') ? path.startsWith(r.path) : path === r.path));
    if (refused) return `${base}: ${refused.why}`;
    const bare = path.replace(/\.$/, '');
    const template = this.catalogue.conditions.find((t) => isTemplatePath(t.path) && t.path.slice(0, -TEMPLATE_SUFFIX.length) === bare);
    if (template) return `${base}: a key must follow, as in ${template.path}`;
    const others = sourcesOfPath(path, this.catalogue.source);
    const near = didYouMean(closestPath(this.catalogue, path));
    if (others.length > 0) return `${base} is a condition of ${others.join(' and ')}, not ${this.catalogue.source}${near}`;
    return `${base}${near}`;
  }

  private countLimit(spec: ConditionSpec, span: SourceSpan): void {
    if (!spec.limitGroup) return;
    const hits = this.limitHits.get(spec.limitGroup) ?? [];
    hits.push(span);
    this.limitHits.set(spec.limitGroup, hits);
  }

  private checkLimits(): void {
    const { conditions, groups = {} } = this.catalogue.limits;
    if (this.units.length > conditions) {
      this.fail(this.units[conditions], tooManyConditions(conditions));
    }
    for (const [group, hits] of this.limitHits) {
      const max = groups[group];
      if (max !== undefined && hits.length > max) {
        this.fail(hits[max], `a rule has at most ${max} ${LIMIT_GROUP_LABELS[group] ?? group}; this is the ${ordinal(max + 1)}`);
      }
    }
  }

  // -------------------------------------------------------------------------
  // flat sources: root AND/OR of conditions, compounds and nested groups

  private flatRoot(root: GroupNode): void {
    this.groupShape(root, 'the RuleFunction root');
    for (const child of root.operands) this.flatNode(child, root.operands);
    this.checkLimits();
  }

  /** `siblings`: the operands of the group `node` stands in (a compound's parts standing loose there are named together). */
  private flatNode(node: RuleNode, siblings: readonly RuleNode[]): void {
    if (node.kind === 'condition') {
      this.units.push(node.span);
      this.flatLeaf(node, undefined, siblings);
      return;
    }
    this.groupShape(node, `an ${GROUP_OPS.includes(node.operator) ? node.operator : 'AND/OR'} group`);
    const compound = this.compoundOf(node);
    if (compound === undefined) {
      for (const child of node.operands) this.flatNode(child, node.operands);
      return;
    }
    this.units.push(node.span);
    for (const child of node.operands) {
      if (child.kind === 'condition') this.flatLeaf(child, compound);
      else this.flatNode(child, node.operands);
    }
  }

  private flatLeaf(node: ConditionNode, compound: CompoundSpec | typeof MIXED | undefined, siblings: readonly RuleNode[] = []): void {
    const spec = this.leaf(node);
    if (!spec) return;
    this.countLimit(spec, node.span);
    if (spec.compound && compound !== MIXED && compound?.name !== spec.compound) {
      // Its other parts standing beside it in the same (not compound) group: the user wrote
      // the compound but not as a group of its own; say so once, at its first part.
      const parts = siblings.filter((s): s is ConditionNode => s.kind === 'condition' && this.resolve(s)?.compound === spec.compound);
      if (parts.length > 1) {
        if (parts[0] !== node) return;
        const paths = parts.map((p) => p.comparisonValue).join(' and ');
        this.fail(
          node.comparisonValueSpan,
          `${paths} form the ${spec.compound} compound condition, a group of its own: nest them in one AND group inside the rule (text form: \`… and (a and b)\`, or \`all of (a and b)\` when they are the whole rule; JSON: one operand {"Operator": "AND", "Operands": [...]})`,
        );
        return;
      }
      const c = this.catalogue.compounds?.find((x) => x.name === spec.compound);
      const with_ = c ? memberPaths(c).filter((p) => p !== spec.path) : [];
      this.fail(
        node.comparisonValueSpan,
        `${spec.path} (${spec.name}) must stand in an AND group with ${with_.join(', ')}: the ${spec.compound} compound condition`,
      );
    }
  }

  /**
   * The compound a group forms, if one of its leaves belongs to one, after checking the
   * group is well-formed: an AND group of exactly that compound's members.
   */
  private compoundOf(group: GroupNode): CompoundSpec | typeof MIXED | undefined {
    const leaves = group.operands
      .filter((c): c is ConditionNode => c.kind === 'condition')
      .map((node) => ({ node, spec: this.resolve(node) }))
      .filter((l): l is { node: ConditionNode; spec: ConditionSpec } => l.spec !== undefined);
    const names = [...new Set(leaves.map((l) => l.spec.compound).filter((n): n is string => n !== undefined))];
    if (names.length === 0) return undefined;
    if (names.length > 1) {
      this.fail(group.operatorSpan, `a group holds one compound condition, not parts of ${names.join(' and ')}`);
      return MIXED;
    }
    const compound = this.catalogue.compounds?.find((c) => c.name === names[0]);
    if (!compound) return undefined;
    const label = `the ${compound.name} compound`;
    if (group.operator !== 'AND' && GROUP_OPS.includes(group.operator)) {
      this.fail(group.operatorSpan, `${label} must be an AND group, not ${group.operator}`);
    }
    for (const child of group.operands) {
      if (child.kind === 'group') this.fail(child.span, `${label} holds only its conditions, not a nested group`);
    }
    const members = memberPaths(compound);
    const seen = new Map<string, ConditionNode>();
    for (const { node, spec } of leaves) {
      if (!members.includes(spec.path)) {
        this.fail(node.comparisonValueSpan, `${spec.name} is not part of ${label} (${members.join(', ')}): move it out of this group`);
      } else if (seen.has(spec.path)) {
        this.fail(node.comparisonValueSpan, `${label} holds ${spec.path} once`);
      } else {
        seen.set(spec.path, node);
      }
    }
    for (const path of compound.requires) {
      if (!seen.has(path)) this.fail(group.span, `${label} needs a condition on ${path}`);
    }
    if (compound.exactlyOneOf) {
      const present = compound.exactlyOneOf.filter((p) => seen.has(p));
      if (present.length === 0) this.fail(group.span, `${label} needs a condition on one of ${compound.exactlyOneOf.join(' or ')}`);
      if (present.length > 1) {
        this.fail(seen.get(present[1])!.comparisonValueSpan, `${label} takes one of ${compound.exactlyOneOf.join(' or ')}, not both`);
      }
    }
    return compound;
  }
}

const memberPaths = (c: CompoundSpec): string[] => [...c.requires, ...(c.optional ?? []), ...(c.exactlyOneOf ?? [])];

const withArticle = (noun: string): string => `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;

const ordinal = (n: number): string => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;
