/**
 * `connect-rules backtest` warns of a key written twice in an event file, as eval, replay
 * and rule tests do, but for thousands of files: a count in the report and the first few,
 * each at the second key; the file is evaluated on the last, never skipped. An analysis file
 * the fast reader reads (engine/ingest/analysis-text/read.ts) is scanned outside its
 * transcript, which the reader itself refuses to read with a member written twice.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { readAnalysisText } from '../../engine/ingest/analysis-text/read.ts';
import { runCli, scratch } from '../support/cli.ts';

const RULES = resolve('examples/rules');
const CTR = readFileSync('examples/events/05-ctr-voice-cancellation.json', 'utf8');
const ANALYSIS = JSON.parse(readFileSync('examples/events/04-analysis-voice-cancellation.json', 'utf8'));
// a long call: its transcript most of the file, as the fast reader wants
const long = { ...ANALYSIS, Transcript: Array.from({ length: 12 }, (_, k) => ANALYSIS.Transcript.map((t: { Id: string }) => ({ ...t, Id: `${t.Id}-${k}` }))).flat() };
const longText = JSON.stringify(long, null, 2);
/** A second Channel at the root, outside the transcript. */
const headTwice = longText.replace('{\n', '{\n  "Channel": "CHAT",\n');
/** A Sentiment written twice in one transcript item. */
const itemTwice = longText.replace('"Sentiment": "POSITIVE"', '"Sentiment": "NEGATIVE", "Sentiment": "POSITIVE"');
/** `line:column` of offset `at`. */
const place = (text: string, at: number): string => {
  const before = text.slice(0, at).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
};
const position = (text: string, needle: string, nth: number): string => {
  let at = -1;
  for (let k = 0; k < nth; k++) at = text.indexOf(needle, at + 1);
  return place(text, at);
};
const itemFirst = itemTwice.indexOf('"Sentiment": "NEGATIVE"');

const ctrs = Object.fromEntries(
  Array.from({ length: 6 }, (_, k) => [`ctr-${k}.json`, CTR.replace(/"ContactId": "[^"]*"/, `"ContactId": "c-${k}"`).replace('{\n', '{\n  "Channel": "CHAT",\n')]),
);
const files = scratch({ 'analysis-head.json': headTwice, 'analysis-item.json': itemTwice, 'clean.json': CTR, ...ctrs });

it('the fast reader reads the long analysis file (so its scan outside the transcript is what is tested), and not the one with an item member twice', () => {
  expect(readAnalysisText(headTwice)).toEqual(JSON.parse(headTwice));
  expect(readAnalysisText(itemTwice)).toBeUndefined();
});

it('counts the files with a key written twice, names the first five at the second key, evaluates them all, exit 0', () => {
  const out = runCli(['backtest', '--rules', RULES, '.', '--workers', '0'], { cwd: files('.') });
  expect(out.status).toBe(0);
  const lines = out.stdout.split('\n');
  const at = lines.indexOf('Keys written twice: 8 files (evaluated on the last, as the pipeline reads them)');
  expect(at).toBeGreaterThan(0);
  const tail = ': the last is read, as the Lambda runtime reads an event';
  expect(lines.slice(at + 1, at + 7)).toEqual([
    `  analysis-head.json:${position(headTwice, '"Channel"', 2)}: duplicate key "Channel" (first written at line 2, column 3)${tail}`,
    `  analysis-item.json:${place(itemTwice, itemFirst + '"Sentiment": "NEGATIVE", '.length)}: duplicate key "Sentiment" at Transcript[0].Sentiment (first written at ${place(itemTwice, itemFirst).replace(/(\d+):(\d+)/, 'line $1, column $2')})${tail}`,
    `  ctr-0.json:${position(ctrs['ctr-0.json']!, '"Channel"', 2)}: duplicate key "Channel" (first written at line 2, column 3)${tail}`,
    `  ctr-1.json:${position(ctrs['ctr-1.json']!, '"Channel"', 2)}: duplicate key "Channel" (first written at line 2, column 3)${tail}`,
    `  ctr-2.json:${position(ctrs['ctr-2.json']!, '"Channel"', 2)}: duplicate key "Channel" (first written at line 2, column 3)${tail}`,
    '  … and 3 more (--json lists them all)',
  ]);
  expect(out.stdout).toMatch(/^Backtest of .* on 9 files: .* 0 skipped;/);

  const json = JSON.parse(runCli(['backtest', '--rules', RULES, '.', '--workers', '0', '--json'], { cwd: files('.') }).stdout);
  expect(json.details.summary.duplicateKeys).toBe(8);
  expect(json.details.duplicateKeys.map((d: { file: string }) => d.file)).toEqual(['analysis-head.json', 'analysis-item.json', ...Object.keys(ctrs)]);

  // the HTML report too: the count beside the others, and every file's warning
  expect(runCli(['backtest', '--rules', RULES, '.', '--workers', '0', '--html', files('report.html')], { cwd: files('.') }).status).toBe(0);
  const html = readFileSync(files('report.html'), 'utf8');
  expect(html).toContain('<span><b>8</b> with keys written twice</span>');
  const listed = [.../<section id="duplicate-keys">(.*?)<\/section>/s.exec(html)![1]!.matchAll(/<li>(.*?)<\/li>/g)].map(([, li]) => li!.replaceAll('&quot;', '"'));
  expect(listed).toEqual(json.details.duplicateKeys.map((d: { warning: string }) => d.warning));
});

/** A key written twice inside an item's IssuesDetected, which the fast reader reads (with JSON.parse of that member alone). */
const issueTwice = longText.replace('"BeginOffsetChar": 23,', '"BeginOffsetChar": 22, "BeginOffsetChar": 23,');
const issueFiles = scratch({ 'analysis-issue.json': issueTwice });

it('warns of a key written twice inside a transcript item\'s IssuesDetected, at the second key, as eval does', () => {
  expect(readAnalysisText(issueTwice)).toEqual(JSON.parse(issueTwice));
  const first = issueTwice.indexOf('"BeginOffsetChar": 22');
  const item = long.Transcript.findIndex((t: { IssuesDetected?: unknown }) => t.IssuesDetected);
  const warning = `analysis-issue.json:${place(issueTwice, first + '"BeginOffsetChar": 22, '.length)}: duplicate key "BeginOffsetChar" at Transcript[${item}].IssuesDetected[0].CharacterOffsets.BeginOffsetChar (first written at ${place(issueTwice, first).replace(/(\d+):(\d+)/, 'line $1, column $2')}): the last is read, as the Lambda runtime reads an event`;

  const out = runCli(['backtest', '--rules', RULES, '.', '--workers', '0'], { cwd: issueFiles('.') });
  expect(out.status).toBe(0);
  const lines = out.stdout.split('\n');
  expect(lines[lines.findIndex((l) => l.startsWith('Keys written twice: 1 file')) + 1]).toBe(`  ${warning}`);

  const evaluated = runCli(['eval', '--function', `${RULES}/post-call-account-cancellation.json`, '--event', issueFiles('analysis-issue.json')]);
  expect(evaluated.stderr).toContain(`${issueFiles('analysis-issue.json')}${warning.slice('analysis-issue.json'.length)}`);
});
