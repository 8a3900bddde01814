/**
 * `backtest --html`: the page opened in a real headless browser (Debian's chromium,
 * driven by playwright-core): it loads with no console error, its charts render
 * (bars with a size on screen), the baseline diff and the explained contact's
 * transcript with its matched words highlighted are there; each queue is one bar,
 * under its name; the page fits a laptop's width; with no --explain, the contact shown
 * is one with a transcript. Screenshots are kept in test/output/ (ignored by git). Skipped, saying so, where /usr/bin/chromium is
 * absent (`apt-get install -y chromium`; .ci/run installs it when it can).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ruleBodies, writeCalls } from '../../bench/calls.ts';
import { runCli } from '../support/cli.ts';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = resolve(import.meta.dirname, '../output');
const CONTACT = 'b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A laptop's screen: the page must fit its width without scrolling sideways. */
const LAPTOP = { width: 1280, height: 800 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The bars of the "Hits by queue" chart as shown: label and count. */
const queueBars = (page: Page) =>
  page.$$eval('#by-queue svg text:not(.value)', (labels) =>
    labels.map((l) => ({ label: l.firstChild?.textContent ?? '', title: l.querySelector('title')?.textContent ?? '', count: Number(l.nextElementSibling?.nextElementSibling?.textContent) })),
  );

/** What sticks out sideways: the page itself, or any section's content past its panel. */
const overflowing = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) out.push(`the page: ${root.scrollWidth}px wide in ${root.clientWidth}px`);
    for (const section of document.querySelectorAll('section')) {
      if (section.scrollWidth > section.clientWidth) out.push(`#${section.id || section.className}: ${section.scrollWidth}px in ${section.clientWidth}px`);
    }
    return out;
  });

describe('backtest --html', () => {
  it('renders its charts, the baseline diff and the explained contact in a headless browser, with no console error', async (ctx) => {
    if (!existsSync(CHROMIUM)) ctx.skip(`${CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium) to run this test`);
    const dir = mkdtempSync(join(tmpdir(), 'backtest-html-'));
    // Rules: the examples and generated ones; the baseline: the examples alone.
    mkdirSync(join(dir, 'rules'));
    for (const f of readdirSync('examples/rules')) copyFileSync(join('examples/rules', f), join(dir, 'rules', f));
    writeFileSync(join(dir, 'rules', 'generated.json'), JSON.stringify(ruleBodies(12)));
    writeCalls(join(dir, 'calls'), 40, { minutes: 3 });
    const html = join(dir, 'report.html');
    const out = runCli(['backtest', '--rules', join(dir, 'rules'), '--baseline', 'examples/rules', 'examples/events', join(dir, 'calls'), '--html', html, '--explain', CONTACT, '--workers', '0']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);

    const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
    const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: LAPTOP });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) problems.push(`a request to ${r.url()}: the page must be self-contained`);
      });
      await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });

      const sizes = (selector: string) =>
        page.$$eval(selector, (els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ w: r.width, h: r.height })));
      const perRule = await sizes('#hits-per-rule svg rect.bar:not(.baseline)');
      expect(perRule.length).toBe(16 + 12);
      expect(perRule.filter((r) => r.w > 1 && r.h > 1).length).toBeGreaterThan(10);
      expect((await sizes('#hits-per-rule svg rect.bar.baseline')).length).toBe(16 + 12);
      const days = await sizes('#over-time svg rect.bar');
      expect(days.length).toBeGreaterThan(5);
      expect(days.every((r) => r.h > 0)).toBe(true);
      expect((await sizes('#by-queue svg rect.bar')).filter((r) => r.w > 1).length).toBeGreaterThan(3);
      // Every rule or queue name and every count is inside its panel: none cut at either edge.
      for (const chart of ['#hits-per-rule', '#by-queue']) {
        const outside = await page.$$eval(`${chart} svg text`, (texts) => {
          const panel = texts[0]!.closest('section')!.getBoundingClientRect();
          return texts.map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() })).filter(({ r }) => r.left < panel.left || r.right > panel.right).map(({ text }) => text);
        });
        expect(outside, chart).toEqual([]);
      }
      // Twelve generated rules are new against the baseline.
      expect(await page.locator('#baseline-diff tr', { hasText: '(new rule)' }).count()).toBeGreaterThan(0);
      expect(await page.locator('#baseline-diff rect.bar.new').count()).toBeGreaterThan(0);
      // The contact: ACCOUNT_CANCELLATION's trace beside the transcript, "cancel my account" highlighted.
      await expect(page.locator('#explain h2').textContent()).resolves.toBe(`Contact ${CONTACT}`);
      // Each evaluation titled as the text report's header, less what it matched (shown by the rules beside it).
      expect(await page.locator('#explain h3').allTextContents()).toContain(`Evaluation 8 of 9: OnPostCallAnalysisAvailable, examples/events/04-analysis-voice-cancellation.json`);
      expect(await page.locator('#explain details.matched summary', { hasText: 'ACCOUNT_CANCELLATION' }).count()).toBeGreaterThan(0);
      const marks = await page.locator('#explain .transcript mark').allTextContents();
      expect(marks.map((m) => m.toLowerCase())).toContain('cancel my account');
      expect(await page.locator('#rules td', { hasText: 'Retention follow-up b3e9a7c1' }).count()).toBeGreaterThan(0);

      // Each queue is one bar, under the name its contact records give it (never its id beside its name).
      const queues = await queueBars(page);
      expect(queues.length).toBeGreaterThan(3);
      expect(new Set(queues.map((q) => q.label)).size).toBe(queues.length);
      expect(queues.filter((q) => UUID.test(q.label))).toEqual([]);
      // The email contact has no contact record: its queue's hit joins the queue a chat's record names.
      expect(queues.find((q) => q.label === 'BillingQueue')).toEqual({ label: 'BillingQueue', title: 'BillingQueue (e2f4a6b8-0c1e-4a3c-9e5a-7c9e1a3c5e7b)', count: 3 });

      // The page fits a laptop's width: the rules table wraps long names and cuts long actions at two lines, the whole in their title.
      expect(await overflowing(page)).toEqual([]);
      const sla = page.locator('#rules li span', { hasText: 'ASSIGN_SLA' }).first();
      expect(await sla.getAttribute('title')).toMatch(/^ASSIGN_SLA \{"SlaAssignmentType":"CASES".*\}$/);
      const box = (await sla.boundingBox())!;
      const lineHeight = await sla.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight));
      expect(box.height).toBeLessThanOrEqual(2 * lineHeight + 1);
      expect(await sla.evaluate((e) => e.scrollHeight > e.clientHeight)).toBe(true);

      mkdirSync(OUTPUT, { recursive: true });
      await page.screenshot({ path: join(OUTPUT, 'backtest-report.png'), fullPage: true });
      expect(problems).toEqual([]);

      // With no --explain, the page explains a contact with a transcript that matched the most rules
      // (the call of the examples), not the email contact of the most matched rule.
      const plain = join(dir, 'examples.html');
      const run = runCli(['backtest', '--rules', 'examples/rules', 'examples/events', '--html', plain, '--workers', '0']);
      expect(run.status).toBe(0);
      await page.goto(pathToFileURL(plain).href, { waitUntil: 'load' });
      await expect(page.locator('#explain h2').textContent()).resolves.toBe(`Contact ${CONTACT}`);
      // Each evaluation titled as the text report's header, less what it matched (shown by the rules beside it).
      expect(await page.locator('#explain h3').allTextContents()).toContain(`Evaluation 8 of 9: OnPostCallAnalysisAvailable, examples/events/04-analysis-voice-cancellation.json`);
      const lines = await page.locator('#explain .transcript td.role').allTextContents();
      expect(lines.length).toBeGreaterThan(5);
      expect(lines).toContain('CUSTOMER');
      expect(await page.locator('#explain .transcript mark').count()).toBeGreaterThan(0);
      expect(await overflowing(page)).toEqual([]);
      await page.screenshot({ path: join(OUTPUT, 'backtest-report-examples.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
