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
): ImportProgressView {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const started = performance.now();
  const bar = new SingleBar(
    {
      stream,
      format: '{bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  bar.start(Math.max(totalBytes, 1), 0, { rows: 0, rate: 0 });
  return {
    update: ({ bytesRead, rows }) =>
      bar.update(bytesRead, { rows, rate: rowsPerSecond(rows, performance.now() - started) }),
    stop: () => bar.stop(),
  };
}

/** Whole rows per second; 0 before the first millisecond. */
export function rowsPerSecond(rows: number, millis: number): number {
  return millis > 0 ? Math.round((rows * 1000) / millis) : 0;
}
