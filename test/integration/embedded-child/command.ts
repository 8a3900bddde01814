/**
 * A command with one embedded child (storage/embedded-child.ts), run by its test: the
 * child is a Node process that, sent SIGTERM, says so and exits `exitAfterMs` later
 * (-1: never). Prints the child's pid once the child listens for SIGTERM, then
 * `child got SIGTERM` when it does (the command has acted on a stop signal), and works
 * on forever.
 */
import { createInterface } from 'node:readline';
import { spawnEmbedded } from '../../../storage/embedded-child.ts';

const { exitAfterMs, graceMs } = JSON.parse(process.argv[2]!) as { exitAfterMs: number; graceMs: number };
const exit = exitAfterMs < 0 ? '' : `setTimeout(() => process.exit(0), ${exitAfterMs});`;
const { child } = spawnEmbedded(
  process.execPath,
  ['-e', `process.on('SIGTERM', () => { process.stdout.write('SIGTERM\\n'); ${exit} }); process.stdout.write('ready\\n'); setInterval(() => {}, 1000);`],
  { stdio: ['ignore', 'pipe', 'inherit'] },
  { graceMs },
);
createInterface({ input: child.stdout! }).on('line', (line) => process.stdout.write(line === 'ready' ? `${child.pid}\n` : `child got ${line}\n`));
setInterval(() => {}, 1000);
