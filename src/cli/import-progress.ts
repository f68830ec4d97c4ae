import { Presets, SingleBar } from 'cli-progress';

export interface ImportProgressView {
  update(progress: { bytesRead: number; rows: number }): void;
  stop(): void;
}

/**
 * Progress of an import on a terminal: the share of the file read, rows so far, rows per second
 * and the time left (estimated from the bytes still to read). Nothing when `stream` is not a
 * terminal (a log file would fill with redraws); the summary line is printed either way.
 */
export function showImportProgress(
  totalBytes: number,
  stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
  now: () => number = () => performance.now(),
): ImportProgressView {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const started = now();
  const total = Math.max(totalBytes, 1);
  // cli-progress's own ETA comes from recent increments, and bytes arrive in 64 KiB steps
  // between many row updates; the average over the whole run is steadier.
  const bar = new SingleBar(
    {
      stream,
      format: '{bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {timeLeft}',
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { rows: 0, rate: 0, timeLeft: '…' });
  return {
    update: ({ bytesRead, rows }) => {
      const millis = now() - started;
      const left = bytesRead > 0 ? (millis * (total - bytesRead)) / bytesRead : undefined;
      bar.update(bytesRead, {
        rows,
        rate: rowsPerSecond(rows, millis),
        timeLeft: left === undefined ? '…' : formatDuration(left),
      });
    },
    stop: () => bar.stop(),
  };
}

/** `7s`, `2m05s`, `1h02m`. */
export function formatDuration(millis: number): string {
  const seconds = Math.round(millis / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Whole rows per second; 0 before the first millisecond. */
export function rowsPerSecond(rows: number, millis: number): number {
  return millis > 0 ? Math.round((rows * 1000) / millis) : 0;
}
