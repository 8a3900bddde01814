/**
 * Plain ANSI colours for the REPL and `eval`, off when the output is not a terminal or
 * NO_COLOR is set (https://no-color.org: any non-empty value).
 */

export interface Style {
  readonly enabled: boolean;
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const same = (s: string) => s;

export function makeStyle(enabled: boolean): Style {
  if (!enabled) return { enabled, green: same, red: same, yellow: same, cyan: same, dim: same, bold: same };
  return { enabled, green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39), cyan: wrap(36, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

/**
 * Colours for a stream: on for a TTY, or when FORCE_COLOR is set to anything but
 * "0" (pipes into a pager that shows colour); NO_COLOR, set and not empty, wins.
 */
export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  if (env.NO_COLOR) return makeStyle(false);
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0';
  return makeStyle(Boolean(stream.isTTY) || forced);
}

/** An explain trace (engine/compile/trace.ts formatTrace) with its ✔ green and its ✘ red. */
export function colourTrace(trace: string, s: Style): string {
  return s.enabled ? trace.replace(/✔/g, s.green('✔')).replace(/✘/g, s.red('✘')) : trace;
}
