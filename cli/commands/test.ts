/**
 * `connect-rules test [paths...]`: runs the rule tests (`*.rules-test.json` or
 * `.yaml`, docs/rule-tests.md) of the given files and folders (default: the working
 * directory), prints each failure with the explain trace of the rule that
 * disagreed, exits 1 when a case fails or a test file is invalid, and writes JUnit
 * XML with `--junit FILE` for CI.
 */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { prepareOutputFile, runCommand, UsageError, writingTo } from '../io.ts';
import type { FileResult } from '../../engine/backtest/rule-tests.ts';
import { readProblem } from '../../engine/rulefiles/read-problem.ts';

interface TestOptions {
  junit?: string;
}

export function registerTest(program: Command): void {
  program
    .command('test')
    .description('run the rule tests (*.rules-test.json / *.rules-test.yaml) of files and folders; exit 1 on failure')
    .argument('[paths...]', 'test files or folders searched for them (default: the working directory)')
    .option('--junit <file>', 'write the results as JUnit XML')
    .action((paths: string[], options: TestOptions) => runCommand(() => test(paths, options)));
}

/**
 * Test files of the given files and folders (folders recursively, skipping node_modules
 * and hidden ones), sorted. A given path that cannot be read stops the run; inside a
 * folder, a test file that cannot be read is still listed (its run says why) and any
 * other such file is passed to `skipped` and left: it is no concern of the tests.
 */
export function findTestFiles(paths: readonly string[], pattern: RegExp, cwd = process.cwd(), skipped: (problem: string) => void = () => {}): string[] {
  const out: string[] = [];
  const walk = (path: string, explicit: boolean) => {
    let stat: Stats | undefined;
    let err: unknown;
    try {
      stat = statSync(path, { throwIfNoEntry: false });
    } catch (e) {
      err = e;
    }
    if (!stat) {
      const problem = `${relative(cwd, path) || path}: ${readProblem(path, err, 'file or folder')}`;
      if (explicit) throw new UsageError(problem);
      if (pattern.test(path)) out.push(path);
      else skipped(`${problem}; skipped (not a test file)`);
      return;
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (!name.startsWith('.') && name !== 'node_modules') walk(join(path, name), false);
    } else if (explicit || pattern.test(path)) out.push(path);
  };
  for (const p of paths.length > 0 ? paths : ['.']) walk(resolve(cwd, p), true);
  return out;
}

async function test(paths: string[], options: TestOptions): Promise<number> {
  if (options.junit) prepareOutputFile(options.junit, '--junit');
  const { RunFiles, runTestFile, TEST_FILE_PATTERN } = await import('../../engine/backtest/rule-tests.ts');
  const files = findTestFiles(paths, TEST_FILE_PATTERN, process.cwd(), (problem) => process.stderr.write(`warning: ${problem}\n`));
  if (files.length === 0) throw new UsageError(`no rule test files (*.rules-test.json, *.rules-test.yaml) in ${paths.join(', ') || '.'}`);
  // One read of each event or contact file for the whole run, however many cases and test files name it.
  const inputs = new RunFiles();
  const results = files.map((f) => runTestFile(f, relative(process.cwd(), f) || f, inputs));
  process.stdout.write(formatResults(results));
  // A key written twice in an event or contact file: said, not failed (the last is read, as by the pipeline).
  for (const w of results.flatMap((r) => r.warnings ?? [])) process.stderr.write(`warning: ${w}\n`);
  // Once a run: a case whose verdict a semantic condition took part in was judged by the matcher in place (a lexical stand-in by default).
  const standIn = results.some((r) => r.cases.some((c) => c.semantic)) ? (await import('../../engine/transcript/semantic.ts')).semanticStandInWarning() : undefined;
  if (standIn) process.stderr.write(`warning: ${standIn}\n`);
  if (options.junit) {
    const { writeJUnit } = await import('../backtest/junit.ts');
    writingTo(options.junit, '--junit', () => writeJUnit(results, options.junit!));
  }
  return results.some((r) => r.error || r.cases.some((c) => !c.passed)) ? 1 : 0;
}

function formatResults(results: readonly FileResult[]): string {
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;
  for (const r of results) {
    if (r.error) {
      failed++;
      lines.push(`✘ ${r.file}: not a valid test file`, `  ${r.error.replaceAll('\n', '\n  ')}`);
      continue;
    }
    lines.push(r.file);
    for (const c of r.cases) {
      if (c.passed) {
        passed++;
        lines.push(`  ✔ ${c.name}`);
        continue;
      }
      failed++;
      lines.push(`  ✘ ${c.name}`);
      if (c.error) lines.push(`    the event could not be built: ${c.error}`);
      for (const f of c.failures) lines.push(`    ${f.replaceAll('\n', '\n    ')}`);
    }
  }
  lines.push('', `${passed} passed, ${failed} failed (${results.length} file${results.length === 1 ? '' : 's'})`);
  return `${lines.join('\n')}\n`;
}
