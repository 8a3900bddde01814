/**
 * What every CLI command loads before it runs: `main.js` and the chunks it imports
 * statically (a command's action loads the rest with import()). The condition
 * catalogue (~29 KB of builders) and the SearchContacts request specs (~17 KB) are
 * for the commands that read rules or send requests, not for `--help` or `--source`.
 */
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT, TARGETS } from './build.ts';

/** The source modules (not packages) in `entry`'s output and the outputs it imports statically, transitively. */
function startInputs(metafile: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (output: string): void => {
    if (seen.has(output)) return;
    seen.add(output);
    for (const i of metafile.outputs[output]!.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(Object.keys(metafile.outputs).find((o) => o.endsWith(`/${entry}`))!);
  return new Set([...seen].flatMap((o) => Object.keys(metafile.outputs[o]!.inputs)).filter((i) => !i.includes('node_modules')));
}

describe("the CLI's start", () => {
  it('loads no condition catalogue and no request specs', async () => {
    const cli = TARGETS.find((t) => t.name === 'cli')!.options;
    // Packages stay out: only where this project's modules land matters here, and it builds in a fraction of the time.
    const { metafile } = await build({ ...cli, absWorkingDir: ROOT, packages: 'external', write: false, logLevel: 'silent' });
    const inputs = startInputs(metafile!, 'main.js');
    expect(inputs).toContain('cli/main.ts');
    expect(inputs).toContain('grammar/text/source-name.ts');
    expect([...inputs].filter((i) => i.startsWith('grammar/catalogue/') && i !== 'grammar/catalogue/types.ts' && i !== 'grammar/catalogue/suggest.ts')).toEqual([]);
    expect(inputs).not.toContain('engine/contacts/request.ts');
    expect(inputs).not.toContain('engine/schema/check.ts');
  }, 60_000);
});
