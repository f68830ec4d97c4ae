import type { Actor } from '../access/actor.ts';
import type { Db } from '../store/database.ts';
import type { OutlierThresholds } from './history-checks.ts';
import type { HistoryLineInput } from './history-line.ts';
import {
  type HistoryImportSummary,
  prepareHistoryChecks,
  storeHistoryChecks,
} from './import-history.ts';

/**
 * Where a history import writes: the database itself, or a running server's API
 * (`POST /v1/history/checks`). Both refuse a batch the same way, with every problem at
 * `/lines/<index>/…`, from `prepare` or from `store`.
 */
export interface HistoryWriter {
  /**
   * Readies a batch. The caller may prepare the next batch while the one before is being
   * stored, so what needs no transaction (validation, resolving customers) overlaps it.
   */
  prepare(lines: readonly HistoryLineInput[], options: HistoryWriteOptions): Promise<HistoryBatch>;
}

/** A prepared batch; batches are stored one at a time, in the order they were read. */
export interface HistoryBatch {
  store(): Promise<HistoryImportSummary>;
}

export interface HistoryWriteOptions {
  outliers: OutlierThresholds;
  /** Accrue the points of each check of a customer (see `importHistoryChecks`). */
  accrue: boolean;
}

export function directHistory(db: Db, actor: Actor, defaultCountry: string): HistoryWriter {
  return {
    prepare: async (lines, options) => {
      const given = { ...options, defaultCountry, now: new Date() };
      const prepared = await prepareHistoryChecks(db, lines, given);
      return { store: () => storeHistoryChecks(db, actor, prepared, given) };
    },
  };
}
