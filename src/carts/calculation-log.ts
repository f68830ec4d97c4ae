/** One cart calculation as the log keeps it: who asked, what they sent, what they were answered. */
export interface CalculationLogEntry {
  /** The calculationId of the answer. */
  id: string;
  createdAt: Date;
  apiKeyId: string | null;
  storeId: string;
  customerId: string | null;
  rulesetVersion: string;
  /** The validated request body. */
  request: unknown;
  /** The response body. */
  result: unknown;
}

/** Where entries go after the answer has left; recording never waits for storage. */
export interface BatchingLog<Entry> {
  /** Queues an entry; returns at once. */
  record(entry: Entry): void;
  /** Resolves when everything queued before the call has been written (or given up on). */
  flush(): Promise<void>;
}

/** Where calculations go after the answer has left. */
export type CalculationLog = BatchingLog<CalculationLogEntry>;

/** The log when `PERK_CALCULATION_LOG` is off: keeps nothing. */
export const calculationLogOff: CalculationLog = {
  record: () => {},
  flush: async () => {},
};

export type DropReason = 'overflow' | 'write_failed';

export interface BatchingOptions {
  /** Longest an entry waits before a write starts, in milliseconds. */
  everyMs: number;
  /** Entries per write (one multi-row INSERT); a full batch is written at once. */
  batchSize: number;
  /** Entries kept waiting at most; beyond it the oldest are dropped. */
  maxPending: number;
  onDropped(count: number, reason: DropReason): void;
  onWriteFailed(error: unknown): void;
}

/**
 * A log writing in batches, one write at a time, through `write`: the calculation log and the
 * integration log. While storage is slow or down the queue is bounded, so memory is too; a failed batch is reported and dropped rather than
 * retried, because one entry the database refuses would otherwise block every later one.
 */
export function batchingLog<Entry>(
  write: (entries: Entry[]) => Promise<void>,
  options: BatchingOptions,
): BatchingLog<Entry> {
  const pending: Entry[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> | null = null;

  const writeBatch = async (): Promise<void> => {
    const batch = pending.splice(0, options.batchSize);
    try {
      await write(batch);
    } catch (error) {
      options.onWriteFailed(error);
      options.onDropped(batch.length, 'write_failed');
    }
  };

  const flush = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    while (writing || pending.length > 0) {
      writing ??= writeBatch().finally(() => {
        writing = null;
      });
      await writing;
    }
  };

  return {
    record(entry) {
      pending.push(entry);
      if (pending.length > options.maxPending) {
        pending.shift();
        options.onDropped(1, 'overflow');
      }
      // A running flush drains the queue by itself; one more loop would only wait beside it.
      if (writing) return;
      if (pending.length >= options.batchSize) void flush();
      // Unref'd: a quiet log must not keep the process alive; the app flushes it on close.
      else timer ??= setTimeout(flush, options.everyMs).unref();
    },
    flush,
  };
}
