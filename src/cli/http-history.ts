import type { HistoryWriter } from '../history/history-writer.ts';
import type { HistoryImportSummary } from '../history/import-history.ts';
import type { ServerApi } from './server-api.ts';

/** History writes through the server's bulk endpoint, `POST /v1/history/checks`. */
export function httpHistory(api: ServerApi): HistoryWriter {
  return {
    // The server checks a batch in the same request that stores it.
    prepare: async (lines, { outliers, accrue }) => ({
      store: () =>
        api.call<HistoryImportSummary>('POST', '/v1/history/checks', { lines, outliers, accrue }),
    }),
  };
}
