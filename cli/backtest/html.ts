/**
 * `backtest --html FILE`: one self-contained page (inline CSS and SVG, no script, no
 * network) a supervisor reads at a glance: hits per rule, hits over time by contact
 * date, hits by queue, the changes against the baseline, and for one contact the
 * explain trace of its rules beside its transcript, the matched words highlighted;
 * then the files skipped and those with a key written twice.
 */
import type { ExplainTrace } from '../../engine/compile/index.ts';
import { entityLabel } from '../../engine/compile/judged-entity.ts';
import type { RuleExplain } from '../../engine/backtest/evaluator.ts';
import type { TranscriptLine } from '../../engine/backtest/processor.ts';
import type { BacktestReport } from '../../engine/backtest/report.ts';
import { describeAction, evaluationTitle } from './text.ts';

const esc = (v: unknown) =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Escaped, with line-break opportunities inside long names (`ACCOUNT_<wbr>CANCELLATION`, `OnPost<wbr>Call…`). */
const breakable = (v: string) => esc(v).replace(/([_\-./])(?=\w)|([a-z])(?=[A-Z])/g, '$1$2<wbr>');

interface Bar {
  readonly label: string;
  /** What the bar's tooltip names, when more than its label (a queue's name and id). */
  readonly title?: string;
  readonly value: number;
  /** A second value drawn beside it (the baseline). */
  readonly other?: number;
}

/** A list of files (skipped, keys written twice) shows at most this many rows: a backtest of a million files keeps a page a browser opens. */
const MAX_LISTED_FILES = 500;
const listed = <T>(list: readonly T[], row: (item: T) => string): string => list.slice(0, MAX_LISTED_FILES).map(row).join('');
const more = (list: readonly unknown[]): string =>
  list.length > MAX_LISTED_FILES ? `<p class="empty">… and ${list.length - MAX_LISTED_FILES} more (--json lists them all)</p>` : '';

/** Horizontal bars, one row per label. */
function barChart(id: string, title: string, bars: readonly Bar[], legend?: [string, string]): string {
  if (bars.length === 0) return `<section class="chart" id="${id}"><h2>${esc(title)}</h2><p class="empty">No data.</p></section>`;
  const max = Math.max(1, ...bars.flatMap((b) => [b.value, b.other ?? 0]));
  // 12px labels are up to about 8.5px a character (capitals, rule names): wider than that is cut with
  // an ellipsis (the bar's title keeps the whole name), so no label runs out of the chart.
  const maxChars = 36;
  const shown = (label: string) => (label.length > maxChars ? `${label.slice(0, maxChars - 1)}…` : label);
  const labelW = Math.ceil(12 + 8.5 * Math.min(maxChars, Math.max(...bars.map((b) => b.label.length))));
  const rowH = bars.some((b) => b.other !== undefined) ? 30 : 22;
  const plotW = 420;
  const h = bars.length * rowH + 10;
  const rows = bars
    .map((b, i) => {
      const y = 5 + i * rowH;
      const w = (b.value / max) * plotW;
      const second =
        b.other === undefined
          ? ''
          : `<rect class="bar baseline" x="${labelW}" y="${y + 14}" width="${((b.other / max) * plotW).toFixed(1)}" height="10"><title>${esc(b.title ?? b.label)}: ${b.other} (baseline)</title></rect>`;
      return (
        `<text x="${labelW - 6}" y="${y + 12}" text-anchor="end">${esc(shown(b.label))}<title>${esc(b.title ?? b.label)}</title></text>` +
        `<rect class="bar" x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${b.other === undefined ? 16 : 12}"><title>${esc(b.title ?? b.label)}: ${b.value}</title></rect>` +
        `<text class="value" x="${labelW + w + 4}" y="${y + 12}">${b.value}${b.other === undefined ? '' : ` / ${b.other}`}</text>` +
        second
      );
    })
    .join('');
  const key = legend ? `<p class="legend"><span class="swatch"></span>${esc(legend[0])} <span class="swatch baseline"></span>${esc(legend[1])}</p>` : '';
  return `<section class="chart" id="${id}"><h2>${esc(title)}</h2>${key}<svg role="img" aria-label="${esc(title)}" width="100%" style="max-width:${labelW + plotW + 60}px" viewBox="0 0 ${labelW + plotW + 60} ${h}">${rows}</svg></section>`;
}

/** Columns over the days of the contacts. */
function timeChart(byDay: ReadonlyMap<string, number>): string {
  const days = [...byDay].sort(([a], [b]) => (a < b ? -1 : 1));
  if (days.length === 0) return `<section class="chart" id="over-time"><h2>Hits over time</h2><p class="empty">No matches.</p></section>`;
  const max = Math.max(1, ...days.map(([, n]) => n));
  const colW = Math.max(12, Math.min(48, Math.floor(640 / days.length)));
  const plotH = 160;
  const w = days.length * colW + 40;
  const cols = days
    .map(([day, n], i) => {
      const h = (n / max) * plotH;
      const x = 30 + i * colW;
      return (
        `<rect class="bar" x="${x + 2}" y="${(10 + plotH - h).toFixed(1)}" width="${colW - 4}" height="${h.toFixed(1)}"><title>${esc(day)}: ${n}</title></rect>` +
        (days.length <= 16 || i % Math.ceil(days.length / 16) === 0
          ? `<text x="${x + colW / 2}" y="${plotH + 26}" text-anchor="middle" class="tick">${esc(day.slice(5))}</text>`
          : '')
      );
    })
    .join('');
  return `<section class="chart" id="over-time"><h2>Hits over time (by contact date)</h2><svg role="img" aria-label="Hits over time" width="100%" style="max-width:${w}px" viewBox="0 0 ${w} ${plotH + 40}"><text x="4" y="18" class="tick">${max}</text><line x1="28" y1="${plotH + 10}" x2="${w}" y2="${plotH + 10}" class="axis"/>${cols}</svg></section>`;
}

function traceHtml(t: ExplainTrace): string {
  const mark = t.result ? '<span class="ok">✔</span>' : '<span class="no">✘</span>';
  if (t.kind === 'group') {
    return `<li>${mark} <b>${esc(t.operator)}</b>${t.negate ? ' (negated)' : ''}${t.detail ? ` <i>${esc(t.detail)}</i>` : ''}<ul>${(t.children ?? []).map(traceHtml).join('')}</ul></li>`;
  }
  const value = t.missing ? 'missing' : JSON.stringify(t.value);
  return (
    `<li>${mark} ${esc(t.condition ?? t.path)} <b>${esc(t.operator)}</b> <code>${esc(JSON.stringify(t.operands ?? []))}</code>` +
    `${t.filters?.length ? ` <small>[${esc(t.filters.join(', '))}]</small>` : ''}${t.negate ? ' (negated)' : ''}` +
    `<div class="value">${esc(t.path)}: ${esc(value)}${t.detail ? ` — ${esc(t.detail)}` : ''}</div></li>`
  );
}

/** `matched "refund" in item i-7 (CUSTOMER, 01:02): "Refund"` → the item and the matched text. */
const MATCH_DETAIL = /matched ".*?" in item (.+?) \([^)]*\): "(.*)"$/;

function highlights(rules: readonly RuleExplain[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const visit = (t: ExplainTrace) => {
    if (t.kind === 'condition' && t.raw && t.detail) {
      const m = MATCH_DETAIL.exec(t.detail);
      if (m) {
        let set = out.get(m[1]!);
        if (!set) out.set(m[1]!, (set = new Set()));
        set.add(m[2]!);
      }
    }
    for (const c of t.children ?? []) visit(c);
  };
  for (const r of rules) visit(r.trace);
  return out;
}

function highlighted(content: string, words: Set<string> | undefined): string {
  if (!words || words.size === 0) return esc(content);
  // Longest first, so a phrase wins over a word inside it.
  const parts = [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return content
    .split(new RegExp(`(${parts.join('|')})`, 'g'))
    .map((piece, i) => (i % 2 === 1 ? `<mark>${esc(piece)}</mark>` : esc(piece)))
    .join('');
}

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

function explainSection(report: BacktestReport): string {
  const x = report.explain;
  if (!x?.explain?.length) {
    return `<section id="explain"><h2>Explain</h2><p class="empty">No contact explained: give one with <code>--explain CONTACT_ID</code>.</p></section>`;
  }
  // The last evaluation of the contact: its transcript is the fullest (real-time).
  const events = x.explain;
  const blocks = events.map((e, i) => {
    const marks = highlights(e.rules.filter((r) => r.matched));
    const transcript = e.transcript
      .map(
        (l: TranscriptLine) =>
          `<tr class="${marks.has(l.id) ? 'hit' : ''}"><td class="t">${clock(l.beginOffsetMillis)}</td><td class="role">${esc(l.role)}</td><td>${highlighted(l.content, marks.get(l.id))}</td></tr>`,
      )
      .join('');
    const rules = e.rules
      .map(
        (r) =>
          `<details ${r.matched ? 'open' : ''} class="${r.matched ? 'matched' : 'unmatched'}"><summary>${r.matched ? '✔' : '✘'} ${esc(r.rule)}${r.entity ? ` <small>(${esc(entityLabel(r.entity))})</small>` : ''}</summary><ul class="trace">${traceHtml(r.trace)}</ul></details>`,
      )
      .join('');
    return `<div class="event"><h3>${esc(evaluationTitle(e, i, events.length))}</h3><div class="side-by-side"><div class="rules">${rules || '<p class="empty">No rule of this source.</p>'}</div><div class="transcript"><table>${transcript || '<tr><td>No transcript.</td></tr>'}</table></div></div></div>`;
  });
  return `<section id="explain"><h2>Contact ${esc(x.contact)}</h2><p>Sources: ${esc(x.sources.join(', '))}. Matched: ${esc(x.matched.join(', ') || 'none')}.</p>${blocks.join('')}</section>`;
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2733;background:#f7f8fa}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:0 0 8px} h3{font-size:14px}
section{background:#fff;border:1px solid #dde2e8;border-radius:8px;padding:16px;margin:16px 0}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:16px} .grid section{margin:0}
.summary span{display:inline-block;margin-right:18px} .summary b{font-size:18px}
svg text{font-size:12px;fill:#1d2733} svg .value,svg .tick{fill:#5b6675} .axis{stroke:#9aa5b1}
.bar{fill:#2f6fdf} .bar.baseline{fill:#c4ccd6} .bar.new{fill:#2e9d5b} .bar.gone{fill:#d4493b}
.legend .swatch{display:inline-block;width:10px;height:10px;background:#2f6fdf;margin:0 4px 0 8px} .legend .swatch.baseline{background:#c4ccd6}
table{border-collapse:collapse;width:100%} td,th{padding:3px 6px;border-bottom:1px solid #eef0f3;text-align:left;vertical-align:top;overflow-wrap:break-word}
table.rules{table-layout:fixed} table.rules col.name{width:19%} table.rules col.source{width:15%} table.rules col.num{width:6.5em}
table.rules td.source{font-size:12px} #skipped table{table-layout:fixed} #skipped td:first-child{width:9em} #baseline-diff td:first-child{overflow-wrap:anywhere} table.rules ul{margin:2px 0 6px;padding-left:18px}
.clamp{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.side-by-side{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px} .transcript{max-height:520px;overflow:auto}
.transcript td.t,.transcript td.role{white-space:nowrap} .transcript td.t{color:#5b6675} .transcript td.role{font-weight:600;font-size:12px} tr.hit{background:#fffbe6}
mark{background:#ffd84d;padding:0 1px;border-radius:2px}
.trace{list-style:none;padding-left:14px} .trace ul{list-style:none;padding-left:18px} .trace .value{color:#5b6675;font-size:12px}
.ok{color:#2e9d5b} .no{color:#d4493b} details.matched summary{color:#2e9d5b;font-weight:600} .empty{color:#5b6675}
`;

/**
 * One bar per queue id (the 25 with the most hits), labelled with the name a contact
 * record gives it, else the id; two queues of one name are told apart by their ids' start.
 */
function queueBars(hits: ReadonlyMap<string, number>, names: Readonly<Record<string, string>>): Bar[] {
  const sameName = new Map<string, number>();
  for (const id of hits.keys()) if (names[id]) sameName.set(names[id], (sameName.get(names[id]) ?? 0) + 1);
  return [...hits]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 25)
    .map(([id, value]) => {
      const name = names[id];
      if (id === 'unknown') return { label: 'no queue known', value };
      if (!name) return { label: id, value };
      return { label: sameName.get(name)! > 1 ? `${name} (${id.slice(0, 8)})` : name, title: `${name} (${id})`, value };
    });
}

export function renderHtml(report: BacktestReport, info: { rulesPath: string; baselinePath?: string; generatedAt: Date }): string {
  const s = report.summary;
  const byDay = new Map<string, number>();
  const byQueue = new Map<string, number>();
  for (const r of report.rules) {
    for (const [d, n] of Object.entries(r.byDay)) if (d !== 'unknown') byDay.set(d, (byDay.get(d) ?? 0) + n);
    for (const [q, n] of Object.entries(r.byQueue)) byQueue.set(q, (byQueue.get(q) ?? 0) + n);
  }
  const perRule = barChart(
    'hits-per-rule',
    'Hits per rule',
    report.rules.map((r) => ({ label: r.name, value: r.matched, ...(r.baseline ? { other: r.baseline.matched } : {}) })),
    info.baselinePath ? ['rules', 'baseline'] : undefined,
  );
  const queues = barChart('by-queue', 'Hits by queue', queueBars(byQueue, report.queues));
  const diff = info.baselinePath
    ? `<section id="baseline-diff"><h2>Against the baseline <small>(${esc(info.baselinePath)})</small></h2>${
        report.changes.length === 0
          ? '<p class="empty">No change: every rule matches the same contacts.</p>'
          : `<table><tr><th>Rule</th><th>Newly matched</th><th>No longer matched</th><th></th></tr>${report.changes
              .map((c) => {
                const max = Math.max(1, ...report.changes.map((x) => Math.max(x.newlyMatched.length, x.noLongerMatched.length)));
                const wn = (c.newlyMatched.length / max) * 120;
                const wg = (c.noLongerMatched.length / max) * 120;
                return `<tr><td>${esc(c.rule)}${c.in !== 'both' ? ` <small>(${c.in === 'rules' ? 'new rule' : 'only in baseline'})</small>` : ''}</td><td class="num">+${c.newlyMatched.length}</td><td class="num">−${c.noLongerMatched.length}</td><td><svg width="250" height="14" role="img" aria-label="change of ${esc(c.rule)}"><rect class="bar gone" x="${(125 - wg).toFixed(1)}" y="1" width="${wg.toFixed(1)}" height="12"/><rect class="bar new" x="125" y="1" width="${wn.toFixed(1)}" height="12"/></svg></td></tr>`;
              })
              .join('')}</table>`
      }</section>`
    : '';
  // Fixed columns that fit a laptop's width: long names wrap, each action shows two lines at most (its title has all).
  const table = `<section id="rules"><h2>Rules</h2><table class="rules"><colgroup><col class="name"><col class="source"><col class="num"><col class="num"><col class="num"><col></colgroup><tr><th>Rule</th><th>Source</th><th>Evaluated</th><th>Matched</th><th>Rate</th><th>Example contacts and their actions</th></tr>${report.rules
    .map(
      (r) =>
        `<tr><td>${breakable(r.name)}</td><td class="source">${breakable(r.source)}</td><td class="num">${r.evaluated}</td><td class="num">${r.matched}</td><td class="num">${(r.rate * 100).toFixed(1)}%</td><td>${r.examples
          .map((e) => `<div><code>${esc(e.contact)}</code><ul>${e.actions.map((a) => esc(describeAction(a))).map((d) => `<li><span class="clamp" title="${d}">${d}</span></li>`).join('')}</ul></div>`)
          .join('')}</td></tr>`,
    )
    .join('')}</table></section>`;
  const skipped =
    report.skipped.length === 0
      ? ''
      : `<section id="skipped"><h2>Skipped (${report.skipped.length})</h2><table>${listed(report.skipped, (p) => `<tr><td>${esc(p.reason)}</td><td>${esc(p.message)}</td></tr>`)}</table>${more(report.skipped)}</section>`;
  // A warning, not a skip (as the text report says it): each such file was evaluated on the last of the two, as the pipeline reads it.
  const twice = report.duplicateKeys;
  const duplicateKeys =
    twice.length === 0
      ? ''
      : `<section id="duplicate-keys"><h2>Keys written twice (${twice.length} ${twice.length === 1 ? 'file' : 'files'})</h2><p>Evaluated on the last, as the pipeline reads them.</p><ul>${listed(twice, (d) => `<li>${esc(d.warning)}</li>`)}</ul>${more(twice)}</section>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Backtest: ${esc(info.rulesPath)}</title><style>${STYLE}</style></head>
<body><h1>Backtest of ${report.rules.length} rules</h1>
<p>${esc(info.rulesPath)}${info.baselinePath ? ` against ${esc(info.baselinePath)}` : ''}; generated ${esc(info.generatedAt.toISOString())}</p>
<section class="summary"><span><b>${s.contacts}</b> contacts</span><span><b>${s.files}</b> files</span><span><b>${s.skipped}</b> skipped</span>${s.duplicateKeys > 0 ? `<span><b>${s.duplicateKeys}</b> with keys written twice</span>` : ''}<span><b>${s.seconds.toFixed(1)}</b> s</span></section>
<div class="grid">${perRule}${timeChart(byDay)}${queues}${diff}</div>
${explainSection(report)}
${table}
${skipped}
${duplicateKeys}
</body></html>
`;
}
