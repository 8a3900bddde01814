/**
 * `backtest --html` lists at most 500 files a section (skipped files, files with a key
 * written twice) and says how many more there are: a backtest of a large folder keeps a
 * page a browser opens, and the counts stay whole. Through the CLI on 503 files of each.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { runCli, scratch } from '../support/cli.ts';

const RULES = resolve('examples/rules');
const CTR = readFileSync('examples/events/05-ctr-voice-cancellation.json', 'utf8');
const FILES = 503;

const twice = Array.from({ length: FILES }, (_, k) => [`ctr-${String(k).padStart(3, '0')}.json`, CTR.replace(/"ContactId": "[^"]*"/, `"ContactId": "c-${k}"`).replace('{\n', '{\n  "Channel": "CHAT",\n')]);
const broken = Array.from({ length: FILES }, (_, k) => [`broken-${String(k).padStart(3, '0')}.json`, `{ "ContactId": "b-${k}", `]);
const files = scratch(Object.fromEntries([...twice, ...broken]));

/** The rows of one section of the page. */
const rows = (html: string, section: string, row: string): number => (new RegExp(`<section id="${section}">(.*?)</section>`, 's').exec(html)?.[1] ?? '').split(`<${row}>`).length - 1;

it('lists the first 500 of 503 skipped files and of 503 files with a key twice, and says "… and 3 more" under each', () => {
  const out = runCli(['backtest', '--rules', RULES, '.', '--workers', '0', '--html', files('report.html')], { cwd: files('.') });
  expect(out.status, out.stderr).toBe(0);
  const html = readFileSync(files('report.html'), 'utf8');
  expect(html).toContain('<h2>Skipped (503)</h2>');
  expect(html).toContain('<h2>Keys written twice (503 files)</h2>');
  expect(rows(html, 'skipped', 'tr')).toBe(500);
  expect(rows(html, 'duplicate-keys', 'li')).toBe(500);
  const notes = html.match(/… and \d+ more \(--json lists them all\)/g);
  expect(notes).toEqual(['… and 3 more (--json lists them all)', '… and 3 more (--json lists them all)']);
  // the first files by name are the ones listed
  expect(html).toContain('ctr-000.json:');
  expect(html).toContain('ctr-499.json:');
  expect(html).not.toContain('ctr-500.json:');
});
