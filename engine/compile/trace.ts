/**
 * The explain trace: for every node, what was tested, against what value, with
 * which filters, and the result before and after `Negate`, so a user sees why a
 * rule did or did not fire.
 */

import { clip } from '../../grammar/clip.ts';

export interface ExplainTrace {
  readonly kind: 'group' | 'condition';
  readonly operator: string;
  /** The catalogue's name of the condition ("Queue", "Words or phrases: exact match"). */
  readonly condition?: string;
  readonly path?: string;
  readonly operands?: readonly unknown[];
  readonly filters?: readonly string[];
  /** The value the condition tested, shortened for display. */
  readonly value?: unknown;
  readonly missing?: boolean;
  /** The condition does not apply here (a metric row it does not filter for, another language): false whatever Negate says. */
  readonly notApplicable?: boolean;
  /** What decided the result: the matching transcript item, the metric row... */
  readonly detail?: string;
  readonly raw: boolean;
  readonly negate: boolean;
  readonly result: boolean;
  readonly line: number;
  readonly column: number;
  readonly children?: readonly ExplainTrace[];
}

const MAX_TEXT = 120;
const MAX_ITEMS = 5;

/** Shorten a value for the trace: long strings cut, long lists summarised. */
export function shorten(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return clip(value, MAX_TEXT, MAX_TEXT - 1, '…');
  if (Array.isArray(value)) {
    const head = value.slice(0, MAX_ITEMS).map((v) => shorten(v, depth + 1));
    return value.length > MAX_ITEMS ? [...head, `… ${value.length - MAX_ITEMS} more`] : head;
  }
  if (value && typeof value === 'object') {
    if (depth > 2) return '{…}';
    return Object.fromEntries(Object.entries(value).slice(0, 8).map(([k, v]) => [k, shorten(v, depth + 1)]));
  }
  return value;
}

const mark = (ok: boolean): string => (ok ? '✔' : '✘');

/**
 * Decimals a fraction keeps in the readable trace: derived values such as
 * `Agent.CustomerHoldDurationPct` read `59.32`, not `59.32203389830509` (issue 10,
 * "Must show"). Display only: the comparison and the JSON trace keep the exact value.
 */
const DISPLAY_DECIMALS = 2;

/** JSON text of a traced value, fractions rounded to DISPLAY_DECIMALS with trailing zeros dropped. */
export function displayValue(value: unknown): string | undefined {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? Number.parseFloat(v.toFixed(DISPLAY_DECIMALS)) : v,
  );
}

/** A readable, indented rendering of a trace (the CLI's non-JSON output). */
export function formatTrace(trace: ExplainTrace, indent = ''): string {
  const lines: string[] = [];
  const negated = trace.negate ? ` → NOT → ${trace.result}` : '';
  if (trace.kind === 'group') {
    const head = `${indent}${mark(trace.result)} ${trace.operator} (${trace.line}:${trace.column}) = ${trace.raw}${negated}`;
    // A group that tried no condition (a rule not evaluated on an event of another source, a metric
    // snapshot without rows) says why on its first line, where the reader looks.
    if (trace.detail && !trace.children?.length) return `${head}: ${trace.detail}`;
    lines.push(head);
    if (trace.detail) lines.push(`${indent}    ${trace.detail}`);
    for (const child of trace.children ?? []) lines.push(formatTrace(child, `${indent}  `));
    return lines.join('\n');
  }
  const filters = trace.filters?.length ? ` [${trace.filters.join(', ')}]` : '';
  lines.push(
    `${indent}${mark(trace.result)} ${trace.condition ?? trace.path} ${trace.operator} ${JSON.stringify(trace.operands ?? [])}${filters} (${trace.line}:${trace.column})`,
  );
  const shown = trace.missing ? 'missing' : displayValue(trace.value);
  lines.push(`${indent}    ${trace.path}: ${shown} → ${trace.raw}${negated}`);
  if (trace.detail) lines.push(`${indent}    ${trace.detail}`);
  return lines.join('\n');
}
