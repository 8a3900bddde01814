/**
 * The Lambda bundles are minified without `keepNames`; the classes whose names code
 * reads keep them (kept-names.ts): the project's errors, through `new.target.name`,
 * across modules and subclasses, the SDK's NoOpLogger and Powertools' BatchProcessor.
 * The same bundle without the plugin shows the names are otherwise lost.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { entryStdin } from '../test/support/bundle-stdin.ts';
import { keptClassNames } from './kept-names.ts';
import { LAMBDA_PLUGINS } from './lambda-plugins.ts';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'connect-rules-kept-names-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Names as a deployed function would see them. */
const ENTRY = `
import { NoOpLogger } from '@smithy/core/client';
import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import { InvalidRuleFunctionError, RuleSyntaxError, UNKNOWN_SPAN } from './grammar/errors.ts';
import { NameTakenError } from './engine/rules/store.ts';
import { BadInputError } from './engine/ingest/errors.ts';
import { ServiceNotPackagedError } from './engine/actions/aws/packaged.ts';
const syntax = new RuleSyntaxError('x', UNKNOWN_SPAN);
process.stdout.write(JSON.stringify({
  NameTakenError: new NameTakenError('r').name,
  RuleSyntaxError: syntax.name,
  InvalidRuleFunctionError: new InvalidRuleFunctionError([syntax]).name,
  BadInputError: new BadInputError('invalid-payload', 'x').name,
  ServiceNotPackaged: new ServiceNotPackagedError('cases').name,
  NoOpLogger: new NoOpLogger().constructor.name,
  BatchProcessor: new BatchProcessor(EventType.SQS).constructor.name,
}));
`;

async function namesIn(name: string, plugins: typeof LAMBDA_PLUGINS): Promise<Record<string, string>> {
  const file = join(out, `${name}.mjs`);
  await build({
    stdin: entryStdin(ENTRY),
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    keepNames: false,
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
    plugins: [...plugins],
    logLevel: 'error',
  });
  const { stdout } = await run(process.execPath, [file], { env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  return JSON.parse(stdout) as Record<string, string>;
}

describe('class names in the minified Lambda bundles', () => {
  it('keeps the names code reads', async () => {
    expect(await namesIn('kept', LAMBDA_PLUGINS)).toEqual({
      NameTakenError: 'NameTakenError',
      RuleSyntaxError: 'RuleSyntaxError',
      InvalidRuleFunctionError: 'InvalidRuleFunctionError',
      BadInputError: 'BadInputError',
      ServiceNotPackaged: 'ServiceNotPackaged',
      NoOpLogger: 'NoOpLogger',
      BatchProcessor: 'BatchProcessor',
    });
  });

  it('loses them without the plugin (the minifier renames classes)', async () => {
    const lost = await namesIn('lost', LAMBDA_PLUGINS.filter((p) => p !== keptClassNames));
    expect(lost.NameTakenError).not.toBe('NameTakenError');
    expect(lost.NoOpLogger).not.toBe('NoOpLogger');
  });
});
