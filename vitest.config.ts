import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Three projects (`npm test` runs all; `npx vitest run --project unit` one):
 * - unit: in-process tests beside the code they test;
 * - integration: test/integration and test/cli, on the run's one DynamoDB Local
 *   (globalSetup), each file with its own tables (setupFiles), see test/README.md;
 * - deploy: test/deploy and test/library, the packaging (osls, npm pack) and the
 *   generated deployment.
 * The projects do not extend the root config: the root's globalSetup (the build)
 * then runs once per run, not once per project.
 */
const INTEGRATION = ['test/integration/**/*.test.ts', 'test/cli/**/*.test.ts'];
const DEPLOY = ['test/deploy/**/*.test.ts', 'test/library/**/*.test.ts'];
const common = { testTimeout: 30_000, hookTimeout: 60_000 };
/**
 * Test files at once, one value for every project (vitest refuses projects of one
 * `groupOrder` with different values). Vitest's own default is one fewer than the
 * cores, so one file at a time on a 2-core CI, whose other core then sat idle while
 * that file waited on the CLI it spawned, osls or DynamoDB Local: at least two.
 */
const maxWorkers = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    maxWorkers,
    // The CLI and library tests run the built bundles: build them first.
    globalSetup: ['./build/test-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        // Unit files share their workers and loaded modules (half the unit project's CPU
        // went to starting a fresh worker per file): a unit test restores what it changes.
        test: { ...common, name: 'unit', isolate: false, include: ['**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/**'] },
      },
      {
        test: {
          ...common,
          name: 'integration',
          include: INTEGRATION,
          globalSetup: ['test/support/dynamodb.global.ts'],
          setupFiles: ['test/support/tables.setup.ts'],
        },
      },
      { test: { ...common, name: 'deploy', include: DEPLOY } },
    ],
  },
});
