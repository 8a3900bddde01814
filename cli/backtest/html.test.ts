/**
 * The "Hits by queue" chart of `backtest --html` on a hand-made report: one bar per
 * queue id, under its name. (The whole page is tested in a browser in
 * test/cli/backtest-html.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { BacktestReport, RuleReport } from '../../engine/backtest/report.ts';
import { renderHtml } from './html.ts';

const rule = (name: string, byQueue: Record<string, number>): RuleReport => ({
  name,
  source: 'OnPostCallAnalysisAvailable',
  file: 'rules.json',
  evaluated: 10,
  matched: Object.values(byQueue).reduce((a, b) => a + b, 0),
  rate: 0.5,
  contacts: [],
  examples: [],
  byDay: {},
  byQueue,
});

const report = (rules: RuleReport[], queues: Record<string, string>): BacktestReport => ({
  summary: { contacts: 10, files: 10, skipped: 0, seconds: 1, payloads: 10, duplicates: 0, duplicateKeys: 0, workers: 1, skippedByReason: {} },
  rules,
  queues,
  changes: [],
  skipped: [],
  duplicateKeys: [],
});

/** The queue chart's bars as a reader sees them: label, tooltip, count. */
function queueBars(html: string): { label: string; title: string; count: number }[] {
  const chart = /<section class="chart" id="by-queue">(.*?)<\/section>/s.exec(html)![1]!;
  return [...chart.matchAll(/<text x="[\d.]+" y="[\d.]+" text-anchor="end">([^<]*)<title>([^<]*)<\/title><\/text><rect[^>]*>.*?<\/rect><text class="value"[^>]*>(\d+)<\/text>/g)].map(
    ([, label, title, count]) => ({ label: label!, title: title!, count: Number(count) }),
  );
}

const Q1 = 'f3a5b7c9-1d2f-4b4d-8f6b-8d0f2b4d6f8c';
const Q2 = 'e2f4a6b8-0c1e-4a3c-9e5a-7c9e1a3c5e7b';
const Q3 = 'a1b2c3d4-0000-4000-8000-000000000003';
const info = { rulesPath: 'rules', generatedAt: new Date('2025-03-17T00:00:00Z') };

describe('backtest --html, hits by queue', () => {
  it('draws one bar per queue id, summed over the rules, under its name where a contact record gives one, else its id', () => {
    const html = renderHtml(report([rule('A', { [Q1]: 2, [Q2]: 1 }), rule('B', { [Q2]: 4, [Q3]: 1, unknown: 3 })], { [Q2]: 'Billing' }), info);
    expect(queueBars(html)).toEqual([
      { label: 'Billing', title: `Billing (${Q2})`, count: 5 },
      { label: 'no queue known', title: 'no queue known', count: 3 },
      { label: Q1, title: Q1, count: 2 },
      { label: Q3, title: Q3, count: 1 },
    ]);
  });

  it('tells two queues of one name apart by the start of their ids', () => {
    const html = renderHtml(report([rule('A', { [Q1]: 2, [Q2]: 1 })], { [Q1]: 'Billing', [Q2]: 'Billing' }), info);
    expect(queueBars(html).map((b) => b.label)).toEqual(['Billing (f3a5b7c9)', 'Billing (e2f4a6b8)']);
  });
});

describe('backtest --html, keys written twice', () => {
  const warning = (file: string) => `${file}: the key "Channel" is written twice in one object (at /Channel); the last is read`;

  it('counts the files in the summary and lists each warning, as the text report does', () => {
    const files = ['a.json', 'b.json'];
    const html = renderHtml(
      { ...report([rule('A', {})], {}), summary: { ...report([], {}).summary, duplicateKeys: 2 }, duplicateKeys: files.map((file) => ({ file, warning: warning(file) })) },
      info,
    );
    expect(/<section class="summary">(.*?)<\/section>/s.exec(html)![1]).toContain('<span><b>2</b> with keys written twice</span>');
    const section = /<section id="duplicate-keys">(.*?)<\/section>/s.exec(html)![1]!;
    expect(section).toContain('<h2>Keys written twice (2 files)</h2>');
    expect([...section.matchAll(/<li>(.*?)<\/li>/g)].map(([, li]) => li)).toEqual(files.map((f) => warning(f).replaceAll('"', '&quot;')));
  });

  it('says nothing of them when there are none', () => {
    const html = renderHtml(report([rule('A', {})], {}), info);
    expect(html).not.toContain('written twice');
  });
});
