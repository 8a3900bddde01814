/**
 * A command with one embedded child (storage/embedded-child.ts), run by its test: the
 * child is a Node process that, sent SIGTERM, exits `exitAfterMs` later (-1: never).
 * Prints the child's pid once the child listens for SIGTERM, then works on forever.
 */
import { spawnEmbedded } from '../../../storage/embedded-child.ts';

const { exitAfterMs, graceMs } = JSON.parse(process.argv[2]!) as { exitAfterMs: number; graceMs: number };
const onTerm = exitAfterMs < 0 ? '() => {}' : `() => setTimeout(() => process.exit(0), ${exitAfterMs})`;
const { child } = spawnEmbedded(
  process.execPath,
  ['-e', `process.on('SIGTERM', ${onTerm}); process.stdout.write('ready\\n'); setInterval(() => {}, 1000);`],
  { stdio: ['ignore', 'pipe', 'inherit'] },
  { graceMs },
);
child.stdout!.once('data', () => process.stdout.write(`${child.pid}\n`));
setInterval(() => {}, 1000);
