import { type LookupLimiters, memoryLimiters, storedLimiters } from '../api/lookup-limiters.ts';
import type { PerkConfig } from '../config.ts';
import { type ChangeFeed, listenForChanges, localChanges } from '../store/change-feed.ts';
import { openDatabase } from '../store/database.ts';

/** What a node shares with the other nodes on its database, beyond the data. */
export interface NodeCoordination {
  changes: ChangeFeed;
  limiters: LookupLimiters;
  close(): Promise<void>;
}

/**
 * On PostgreSQL, where any number of nodes may run: a listening connection for changes and the
 * failed-lookup limiters in the database, on a pool of two connections of their own. On an
 * embedded database one process holds everything, so both stay in memory.
 */
export async function coordinateNodes(
  config: PerkConfig,
  onError: (error: unknown) => void,
): Promise<NodeCoordination> {
  if (!config.databaseUrl) {
    return { changes: localChanges(), limiters: memoryLimiters(), close: async () => undefined };
  }
  const changes = listenForChanges(config.databaseUrl, {
    applicationName: 'perk-changes',
    onError,
  });
  await changes.started;
  const limiterDb = openDatabase({ kind: 'postgres', url: config.databaseUrl, poolSize: 2 });
  return {
    changes,
    limiters: storedLimiters(limiterDb),
    close: async () => {
      await changes.stop();
      await limiterDb.destroy();
    },
  };
}
