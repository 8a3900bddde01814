/**
 * `connect-rules test --junit FILE`: the results as JUnit XML (junit-report-builder,
 * the format Jenkins, GitLab and GitHub test reporters read): one testsuite per test
 * file, one testcase per case; a case that disagrees is a `failure` whose text holds
 * the explain traces, a case or file that could not run an `error`.
 */
import { writeFileSync } from 'node:fs';
import junitModule, { type Builder } from 'junit-report-builder';

// Its types describe `exports.default`; at run time (CommonJS, or bundled) the builder may be the module itself.
const builder = ((junitModule as unknown as { default?: Builder }).default ?? junitModule) as unknown as Builder;
import type { FileResult } from '../../engine/backtest/rule-tests.ts';

export function junitXml(results: readonly FileResult[]): string {
  const report = builder.newBuilder().name('connect-rules test');
  for (const r of results) {
    const suite = report.testSuite().name(r.file).time(r.seconds);
    if (r.error) {
      suite.testCase().className(r.file).name('test file').error(r.error, 'InvalidTestFile');
      continue;
    }
    for (const c of r.cases) {
      const tc = suite.testCase().className(r.file).name(c.name).time(c.seconds);
      if (c.error) tc.error(c.error, 'InvalidEvent');
      else if (!c.passed) tc.failure(c.failures[0]!.split('\n')[0], 'RuleTestFailure').stacktrace(c.failures.join('\n\n'));
    }
  }
  return report.build();
}

export function writeJUnit(results: readonly FileResult[], file: string): void {
  // Its folder is made by the caller before the run (cli/io.ts prepareOutputFile).
  writeFileSync(file, junitXml(results));
}
