import type { Actor } from '../access/actor.ts';
import type { Db } from '../store/database.ts';
import type { OutlierThresholds } from './history-checks.ts';
import type { HistoryLineInput } from './history-line.ts';
import { type HistoryImportSummary, importHistoryChecks } from './import-history.ts';

/**
 * Where a history import writes: the database itself, or a running server's API
 * (`POST /v1/history/checks`). Both refuse a batch the same way, with every problem at
 * `/lines/<index>/…`.
 */
export interface HistoryWriter {
  importChecks(
    lines: readonly HistoryLineInput[],
    options: HistoryWriteOptions,
  ): Promise<HistoryImportSummary>;
}

export interface HistoryWriteOptions {
  outliers: OutlierThresholds;
  /** Accrue the points of each check of a customer (see `importHistoryChecks`). */
  accrue: boolean;
}

export function directHistory(db: Db, actor: Actor, defaultCountry: string): HistoryWriter {
  return {
    importChecks: (lines, options) =>
      importHistoryChecks(db, actor, lines, { ...options, defaultCountry, now: new Date() }),
  };
}
