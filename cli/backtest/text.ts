/**
 * The readable backtest report, the `--json` object (the documented shape first,
 * everything else under `details`) and the CSV rows.
 */
import type { ActionRequest } from '../../engine/actions/preview.ts';
import type { SubjectResult } from '../../engine/backtest/group.ts';
import type { BacktestReport } from '../../engine/backtest/report.ts';
import type { EventExplain } from '../../engine/backtest/processor.ts';
import type { formatTrace as FormatTrace } from '../../engine/compile/trace.ts';
import { entityLabel } from '../../engine/compile/judged-entity.ts';

const pct = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line per action: what it would send, in a few words. */
export function describeAction(a: ActionRequest): string {
  const r = a.request as Record<string, any>;
  const quote = (v: unknown) => JSON.stringify(String(v ?? ''));
  switch (a.type) {
    case 'CREATE_TASK':
      return `CREATE_TASK ${quote(r.Name)}${r.Description ? ` — ${quote(r.Description)}` : ''}`;
    case 'SEND_NOTIFICATION':
      return `SEND_NOTIFICATION ${quote(r.Subject)}: ${quote(r.Content)}`;
    case 'GENERATE_EVENTBRIDGE_EVENT':
      return `GENERATE_EVENTBRIDGE_EVENT ${quote(r.DetailType)} (${r.Detail?.actionName})`;
    default:
      return Object.keys(r).length > 0 ? `${a.type} ${JSON.stringify(r)}` : a.type;
  }
}

export interface TextReportInfo {
  readonly rulesPath: string;
  readonly baselinePath?: string;
}

/** The files with a key written twice the text report names (the count is of all). */
const DUPLICATE_KEYS_SHOWN = 5;

export function formatTextReport(report: BacktestReport, info: TextReportInfo): string {
  const s = report.summary;
  const lines: string[] = [
    `Backtest of ${plural(report.rules.length, 'rule')} (${info.rulesPath}) on ${plural(s.files, 'file')}: ${plural(s.contacts, 'contact')} evaluated ` +
      `(${plural(s.payloads, 'payload')}, ${plural(s.duplicates, 'duplicate')}), ${s.skipped} skipped; ${s.seconds.toFixed(1)} s on ${s.workers === 0 ? 'one thread' : plural(s.workers, 'worker')}`,
    '',
  ];
  const width = Math.max(4, ...report.rules.map((r) => r.name.length));
  const sourceWidth = Math.max(6, ...report.rules.map((r) => r.source.length));
  lines.push(`${'RULE'.padEnd(width)}  ${'SOURCE'.padEnd(sourceWidth)}  EVALUATED  MATCHED    RATE${info.baselinePath ? '  BASELINE' : ''}`);
  for (const r of report.rules) {
    lines.push(
      `${r.name.padEnd(width)}  ${r.source.padEnd(sourceWidth)}  ${String(r.evaluated).padStart(9)}  ${String(r.matched).padStart(7)}  ${pct(r.rate).padStart(6)}` +
        (r.baseline ? `  ${String(r.baseline.matched).padStart(8)}` : ''),
    );
    for (const e of r.examples) {
      lines.push(`    ${e.contact}`);
      for (const a of e.actions) lines.push(`      ${describeAction(a)}`);
    }
    if (r.matched > r.examples.length && r.examples.length > 0) lines.push(`    … and ${r.matched - r.examples.length} more`);
  }
  if (info.baselinePath) {
    lines.push('', `Changes against the baseline (${info.baselinePath}):`);
    if (report.changes.length === 0) lines.push('  none: every rule matches the same contacts');
    for (const c of report.changes) {
      const where = c.in === 'rules' ? ' (new rule)' : c.in === 'baseline' ? ' (only in the baseline)' : '';
      lines.push(`  ${c.rule}${where}: ${c.newlyMatched.length} newly matched, ${c.noLongerMatched.length} no longer matched`);
      for (const id of c.newlyMatched.slice(0, 5)) lines.push(`    + ${id}`);
      for (const id of c.noLongerMatched.slice(0, 5)) lines.push(`    - ${id}`);
    }
  }
  if (report.skipped.length > 0) {
    const reasons = Object.entries(s.skippedByReason)
      .map(([reason, n]) => `${n} ${reason}`)
      .join(', ');
    lines.push('', `Skipped: ${s.skipped} (${reasons})`);
    for (const p of report.skipped.slice(0, 50)) lines.push(`  ${p.message}`);
    if (report.skipped.length > 50) lines.push(`  … and ${report.skipped.length - 50} more (--json lists them all)`);
  }
  if (report.duplicateKeys.length > 0) {
    // A warning, not a skip: the file was evaluated on the last of the two, as the pipeline reads it.
    lines.push('', `Keys written twice: ${plural(report.duplicateKeys.length, 'file')} (evaluated on the last, as the pipeline reads them)`);
    for (const d of report.duplicateKeys.slice(0, DUPLICATE_KEYS_SHOWN)) lines.push(`  ${d.warning}`);
    if (report.duplicateKeys.length > DUPLICATE_KEYS_SHOWN) lines.push(`  … and ${report.duplicateKeys.length - DUPLICATE_KEYS_SHOWN} more (--json lists them all)`);
  }
  return `${lines.join('\n')}\n`;
}

/** `{"summary", "rules", "changes"}` exactly as documented; the rest under `details`. */
export function jsonReport(report: BacktestReport): unknown {
  const { contacts, files, skipped, seconds } = report.summary;
  return {
    summary: { contacts, files, skipped, seconds },
    rules: report.rules.map(({ name, source, evaluated, matched, contacts: ids }) => ({ name, source, evaluated, matched, contacts: ids })),
    changes: report.changes,
    details: {
      summary: report.summary,
      rules: report.rules.map(({ name, file, rate, examples, byDay, byQueue, baseline }) => ({ name, file, rate, examples, byDay, byQueue, ...(baseline ? { baseline } : {}) })),
      queues: report.queues,
      skipped: report.skipped,
      duplicateKeys: report.duplicateKeys,
      ...(report.explain ? { explain: report.explain } : {}),
    },
  };
}

/**
 * A cell a spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`, tab or CR:
 * queue names and action text come from Connect data and rule authors) gets a leading
 * `'`, OWASP's advice against CSV injection, so the file shows what was read.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

const csvCell = (v: unknown): string => {
  const raw = v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  const text = FORMULA_START.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** `queue_id` always holds the id (where any is known), `queue_name` the name the contact's own record gives. */
export const CSV_HEADER = 'rule,source,contact,time,queue_id,queue_name,change,actions\n';

/**
 * CSV rows of one subject: one per (rule, contact) matched; with a baseline, `change`
 * is `new`, `kept`, or `gone` (a row for a baseline match the rules lost).
 */
export function csvRows(s: SubjectResult, sourceOf: (rule: string) => string): string {
  const now = new Set(s.matched);
  const before = s.baseline ? new Set(s.baseline.matched) : undefined;
  const row = (rule: string, change: string, actions: unknown) =>
    [rule, sourceOf(rule), s.subject, s.time, s.queueId, s.queueName, change, actions].map(csvCell).join(',') + '\n';
  let out = '';
  for (const rule of s.matched) {
    const actions = s.actions.filter((a) => a.rule === rule).map((a) => ({ type: a.type, ...a.request }));
    out += row(rule, before ? (before.has(rule) ? 'kept' : 'new') : '', actions);
  }
  for (const rule of before ?? []) if (!now.has(rule)) out += row(rule, 'gone', []);
  return out;
}

/** What tells one evaluation of a contact from its others: its number, source, input and time (the HTML report's heading too). */
export const evaluationTitle = (e: EventExplain, i: number, of: number): string =>
  `Evaluation ${i + 1} of ${of}: ${e.source}${e.label ? `, ${e.label}` : ''}${e.time ? `, at ${e.time}` : ''}`;

/** The title and the rules the evaluation matched. */
const evaluationHeader = (e: EventExplain, i: number, of: number): string =>
  `-- ${evaluationTitle(e, i, of)}; matched: ${
    e.rules
      .filter((r) => r.matched)
      .map((r) => r.rule)
      .join(', ') || 'none'
  }`;

/** `--explain <contact>`: every evaluation of the contact, each under a header, with every rule's trace. */
export function formatExplain(report: BacktestReport, contact: string, formatTrace: typeof FormatTrace): string {
  const x = report.explain;
  if (!x?.explain) return `\nContact ${contact}: not among the inputs (no evaluation of it)\n`;
  const lines = ['', `Contact ${contact}: ${x.explain.length} evaluation(s)`];
  x.explain.forEach((e, i) => {
    lines.push('', evaluationHeader(e, i, x.explain!.length));
    for (const r of e.rules) lines.push(`${r.matched ? 'MATCHED' : 'NOT MATCHED'}: ${r.rule}${r.entity ? ` (${entityLabel(r.entity)})` : ''}`, formatTrace(r.trace, '  '));
  });
  return `${lines.join('\n')}\n`;
}
