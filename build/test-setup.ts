/**
 * Vitest global set-up: builds the bundles before any test runs, so the CLI
 * tests (which run bin/connect-rules.js, i.e. dist/cli) and the library package
 * test exercise the sources as they are, not an earlier build. Skipped when dist/
 * already holds that build (build/stamp.ts), as it does after `npm install`.
 */
import { buildJavaScriptIfStale } from './build.ts';

export default async function setup(): Promise<void> {
  await buildJavaScriptIfStale();
}
