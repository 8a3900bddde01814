// Before/after of the ingest-size work, interleaved in one process (not committed).
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { LAMBDA_PLUGINS } from '../build/lambda-plugins.ts';
import { FUNCTIONS } from '../deploy/serverless.ts';
const NEW = process.cwd(), OLD = '/tmp/ingest-size/old';
const out = mkdtempSync(join(tmpdir(), 'ingest-size-cmp-'));
const yml = parse(readFileSync(join(NEW, 'serverless.yml'), 'utf8'), { customTags: [{ tag: '!Ref', resolve: (v: string) => v }] });
const e = yml.custom.esbuild;
const oldPlugins = (await import(join(OLD, 'build/lambda-plugins.ts'))).LAMBDA_PLUGINS;
async function bundle(root: string, plugins: unknown, name: string, file: string) {
  await build({ bundle: true, format: 'esm', platform: 'node', mainFields: e.mainFields, target: e.target, minify: true, keepNames: true, sourcemap: true, sourcesContent: false, banner: e.banner, absWorkingDir: root, logLevel: 'error', plugins: plugins as never, define: { 'process.env.CONNECT_RULES_PACKAGED_ACTIONS_BACKEND': '"aws"' }, entryPoints: { [name]: join(root, file) }, outdir: out, outExtension: { '.js': '.mjs' } });
  const f = join(out, `${name}.mjs`);
  return { f, kb: statSync(f).size / 1024 };
}
const rows: { key: string; old: { f: string; kb: number }; new: { f: string; kb: number } }[] = [];
for (const s of FUNCTIONS) {
  const file = s.handler.slice(0, s.handler.lastIndexOf('.')) + '.ts';
  rows.push({ key: s.key, old: await bundle(OLD, oldPlugins, `old-${s.key}`, file), new: await bundle(NEW, LAMBDA_PLUGINS, `new-${s.key}`, file) });
}
function cpu(f: string): number {
  const script = `const c = process.cpuUsage(); await import(${JSON.stringify(pathToFileURL(f).href)}); const d = process.cpuUsage(c); process.stdout.write(String((d.user + d.system) / 1000));`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: tmpdir(), env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', AWS_LAMBDA_FUNCTION_NAME: 'x', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x' }, encoding: 'utf8' }));
}
const ROUNDS = Number(process.env.ROUNDS ?? 9);
const s = rows.map(() => ({ old: [] as number[], new: [] as number[] }));
for (let r = 0; r < ROUNDS; r++) rows.forEach((row, i) => { if (r % 2) { s[i]!.new.push(cpu(row.new.f)); s[i]!.old.push(cpu(row.old.f)); } else { s[i]!.old.push(cpu(row.old.f)); s[i]!.new.push(cpu(row.new.f)); } });
const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`Node ${process.version}, ${ROUNDS} rounds, old = d754160, new = this tree`);
console.log('| function | code KB before | after | init CPU ms before | after | after/before |');
rows.forEach((row, i) => { const o = med(s[i]!.old), n = med(s[i]!.new); console.log(`| ${row.key} | ${Math.round(row.old.kb)} | ${Math.round(row.new.kb)} | ${o.toFixed(1)} | ${n.toFixed(1)} | ${(n / o).toFixed(2)} |`); });
