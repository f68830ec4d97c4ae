import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatDuration, rowsPerSecond, showImportProgress } from './import-progress.ts';

/** A stream that says it is a terminal and keeps what is drawn on it. */
function terminal() {
  let drawn = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        drawn += chunk.toString();
        done();
      },
    }),
    { isTTY: true, columns: 120 },
  );
  // The last state drawn: the text after the last terminal escape that is followed by any.
  const lastLine = () =>
    drawn
      .split('\u001b')
      .map((part) => part.replace(/^\[[0-9;?]*[A-Za-z]|^[78]/, '').trim())
      .filter(Boolean)
      .at(-1) ?? '';
  return { stream, lastLine };
}

describe('showImportProgress', () => {
  it('shows the share read, rows, rows per second and the time left', () => {
    const { stream, lastLine } = terminal();
    let clock = 0;
    const progress = showImportProgress(1_000_000, stream, () => clock);
    clock = 4_000;
    progress.update({ bytesRead: 250_000, rows: 10_000 });
    progress.stop();
    expect(lastLine()).toMatch(/ 25% \| 10000 rows \| 2500 rows\/s \| ETA 12s$/);
  });

  it('draws nothing when the stream is not a terminal', () => {
    const { stream, lastLine } = terminal();
    stream.isTTY = false;
    const progress = showImportProgress(1_000, stream);
    progress.update({ bytesRead: 500, rows: 5 });
    progress.stop();
    expect(lastLine()).toBe('');
  });
});

describe('formatDuration and rowsPerSecond', () => {
  it.each([
    [0, '0s'],
    [7_400, '7s'],
    [125_000, '2m05s'],
    [3_720_000, '1h02m'],
  ])('writes %i ms as %s', (millis, text) => {
    expect(formatDuration(millis)).toBe(text);
  });

  it('rounds rows per second and gives 0 before any time has passed', () => {
    expect(rowsPerSecond(1_000, 3_000)).toBe(333);
    expect(rowsPerSecond(1_000, 0)).toBe(0);
  });
});
