/**
 * A one-line progress bar for a terminal (replay, backtest): `bar(done, total,
 * label)` redraws it; `bar(0, 0, '', true)` clears it. A total of 0 draws no bar,
 * only the count.
 */
export type ProgressBar = (done: number, total: number, label: string, finished?: boolean) => void;

export function progressBar(stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const width = 28;
  return (done, total, label, finished = false) => {
    if (finished) {
      stream.write('\r\x1b[2K');
      return;
    }
    const filled = total === 0 ? 0 : Math.min(width, Math.round((done / total) * width));
    const name = label.length > 40 ? `…${label.slice(-39)}` : label;
    stream.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total || '?'} ${name}`);
  };
}
