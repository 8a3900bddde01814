/**
 * Rules that can only match when a field holds one of a few values — an `AND` at the
 * top with a plain `CONTAINS_ANY` or `EQUALS` on a scalar field (a queue, an agent, an
 * attribute: "in one of these queues", "tier is gold") — are indexed by those values: per event the field is
 * read once and only the rules listing its value are evaluated. The rest of a gated
 * rule (its gate included) is still evaluated in full, so the index only skips
 * rules that would be false; it never decides a match.
 */
import type { ConditionNode, FunctionDocument } from '../../grammar/ast.ts';
import { resolveCondition } from '../../grammar/catalogue/index.ts';
import type { SourceCatalogue } from '../../grammar/catalogue/types.ts';
import { compileGetter, isMissing, type Getter } from '../compile/access.ts';
import { idOfArn } from '../compile/operators.ts';

/** The field and values a rule needs, when it has such a gate. */
export interface Gate {
  readonly path: string;
  readonly docPath: readonly string[];
  readonly values: readonly string[];
}

/** The gate of a rule: the first unfiltered, non-negated `CONTAINS_ANY` (or one-operand `EQUALS`) on a scalar under a non-negated top `AND`. */
export function gateOf(doc: FunctionDocument, catalogue: SourceCatalogue): Gate | undefined {
  const root = doc.root;
  if (catalogue.structure !== 'flat' || root.operator !== 'AND' || root.negate === true) return undefined;
  for (const child of root.operands) {
    if (child.kind !== 'condition' || !isValueGate(child)) continue;
    const resolved = resolveCondition(catalogue, child.comparisonValue);
    if (resolved?.spec.value.kind !== 'scalar') continue;
    return { path: child.comparisonValue, docPath: resolved.docPath, values: child.operands.map((o) => String(o.value)) };
  }
  return undefined;
}

/**
 * A condition true only when the field holds one of its operands: a `CONTAINS_ANY`,
 * or an `EQUALS` with one operand (with none it is the no-value form, true when the
 * field is absent), not negated, without filters. `EQUALS` does not take an ARN's id
 * as `CONTAINS_ANY` does, so the id lookup of `candidates` only adds candidates.
 */
const isValueGate = (c: ConditionNode): boolean =>
  (c.operator === 'CONTAINS_ANY' ? c.operands.length > 0 : c.operator === 'EQUALS' && c.operands.length === 1) &&
  c.negate !== true &&
  (c.filterClause?.filters.length ?? 0) === 0;

interface GateGroup {
  readonly get: Getter;
  /** operand value → positions of the rules gated on it */
  readonly byValue: Map<string, number[]>;
  /** every rule gated on this field */
  readonly positions: number[];
}

/** The gates of a list of rules, grouped by field. */
export class GateIndex {
  private readonly groups: GateGroup[] = [];
  /** One slot per rule: 1 for the rules without a gate (always evaluated), copied as one block per event. */
  private readonly ungated: Uint8Array;

  /** `getterOf` reads a path (the rule set's shared reads). */
  constructor(gates: readonly (Gate | undefined)[], getterOf: (docPath: readonly string[]) => Getter = compileGetter) {
    this.ungated = new Uint8Array(gates.length);
    const byPath = new Map<string, GateGroup>();
    gates.forEach((gate, position) => {
      if (!gate) {
        this.ungated[position] = 1;
        return;
      }
      let group = byPath.get(gate.path);
      if (!group) {
        byPath.set(gate.path, (group = { get: getterOf(gate.docPath), byValue: new Map(), positions: [] }));
        this.groups.push(group);
      }
      group.positions.push(position);
      for (const value of new Set(gate.values)) {
        const list = group.byValue.get(value);
        if (list) list.push(position);
        else group.byValue.set(value, [position]);
      }
    });
  }

  /**
   * Sets `out` (one slot per rule, all of it written) to 1 for the rules that may match `event`
   * and 0 for the others: the ungated ones and those whose gate field holds one of their values (the value,
   * or the id an ARN ends with, as `CONTAINS_ANY` compares). A field whose read
   * (or whose value's conversion to a string) throws marks all the rules gated on it: each is then evaluated and fails alone,
   * as a rule whose condition throws does (the rule set's `onError`), and the rules
   * gated on other fields are untouched.
   */
  candidates(event: unknown, out: Uint8Array): void {
    out.set(this.ungated);
    for (const group of this.groups) {
      let text: string;
      try {
        const value = group.get(event);
        if (isMissing(value)) continue;
        // String() throws for an object with no callable toString: inside the try, so that too fails only the gated rules
        text = typeof value === 'string' ? value : String(value);
      } catch {
        for (const position of group.positions) out[position] = 1;
        continue;
      }
      const direct = group.byValue.get(text);
      if (direct) for (const position of direct) out[position] = 1;
      const id = idOfArn(text);
      const byId = id === undefined || id === text ? undefined : group.byValue.get(id);
      if (byId) for (const position of byId) out[position] = 1;
    }
  }
}
