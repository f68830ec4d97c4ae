import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BatchingOptions, batchingLog, type CalculationLogEntry } from './calculation-log.ts';

const entry = (n: number): CalculationLogEntry => ({
  id: `calc-${n}`,
  createdAt: new Date(Date.UTC(2027, 1, 10, 14, 5, n)),
  apiKeyId: null,
  storeId: 'msk',
  customerId: null,
  rulesetVersion: '1',
  request: { n },
  result: { n },
});

/** A log over a fake store that remembers each batch; `gate` holds writes until it is opened. */
function harness(options: Partial<BatchingOptions> = {}) {
  const batches: string[][] = [];
  const dropped: Record<string, number> = {};
  const failures: unknown[] = [];
  let failNext = false;
  let open: () => void = () => {};
  let gate: Promise<void> | null = null;
  let writes = 0;
  let mostWrites = 0;
  const log = batchingLog<CalculationLogEntry>(
    async (entries) => {
      writes += 1;
      mostWrites = Math.max(mostWrites, writes);
      // Every write yields, as a database round trip does.
      await (gate ?? Promise.resolve());
      writes -= 1;
      if (failNext) {
        failNext = false;
        throw new Error('database is down');
      }
      batches.push(entries.map((e) => e.id));
    },
    {
      everyMs: 200,
      batchSize: 3,
      maxPending: 100,
      onDropped: (count, reason) => {
        dropped[reason] = (dropped[reason] ?? 0) + count;
      },
      onWriteFailed: (error) => failures.push(error),
      ...options,
    },
  );
  return {
    log,
    batches,
    dropped,
    failures,
    mostWritesAtOnce: () => mostWrites,
    failNextWrite: () => {
      failNext = true;
    },
    holdWrites: () => {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    releaseWrites: () => {
      gate = null;
      open();
    },
  };
}

describe('batchingLog', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes nothing at once, then everything after the interval, in order', async () => {
    const { log, batches } = harness();
    log.record(entry(1));
    log.record(entry(2));
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(199);
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([['calc-1', 'calc-2']]);
  });

  it('writes a full batch at once and the rest in batches, one write at a time', async () => {
    const { log, batches, mostWritesAtOnce } = harness();
    for (let n = 1; n <= 7; n++) log.record(entry(n));
    await log.flush();
    expect(batches).toEqual([
      ['calc-1', 'calc-2', 'calc-3'],
      ['calc-4', 'calc-5', 'calc-6'],
      ['calc-7'],
    ]);
    expect(mostWritesAtOnce()).toBe(1);
  });

  it('keeps at most maxPending entries while storage is slow, dropping the oldest', async () => {
    const h = harness({ batchSize: 2, maxPending: 3 });
    h.holdWrites();
    for (let n = 1; n <= 8; n++) h.log.record(entry(n));
    // 1 and 2 are being written; of 3..8 the three newest wait.
    expect(h.dropped).toEqual({ overflow: 3 });
    h.releaseWrites();
    await h.log.flush();
    expect(h.batches).toEqual([['calc-1', 'calc-2'], ['calc-6', 'calc-7'], ['calc-8']]);
  });

  it('reports and drops a batch the store refuses, and goes on with the next', async () => {
    const h = harness();
    h.failNextWrite();
    for (let n = 1; n <= 5; n++) h.log.record(entry(n));
    await h.log.flush();
    expect(h.failures).toEqual([new Error('database is down')]);
    expect(h.dropped).toEqual({ write_failed: 3 });
    expect(h.batches).toEqual([['calc-4', 'calc-5']]);
    h.log.record(entry(6));
    await h.log.flush();
    expect(h.batches).toEqual([['calc-4', 'calc-5'], ['calc-6']]);
  });
});
