import type { AddressInfo } from 'node:net';
import type { PerkConfig } from '../config.ts';
import { describeHolder } from '../store/data-dir-lock.ts';
import type { Db } from '../store/database.ts';
import { openOwnedDatabase } from '../store/open-configured.ts';
import { exitCodeBusy } from './command-runner.ts';
import {
  localUrl,
  newLocalSecret,
  removeLocalCredential,
  writeLocalCredential,
} from './local-credential.ts';

export interface ServerOwnership {
  db: Db;
  /** The secret `perk` commands send to go through this server; undefined on PostgreSQL. */
  localSecret: string | undefined;
  /** Once listening: writes where, with the secret, beside the embedded database's lock. */
  announce(address: AddressInfo | string | null): Promise<void>;
  /** Closes the database and frees the directory for the next process. */
  close(): Promise<void>;
}

/**
 * Opens the database for `perk start`. An embedded database is held for the server's lifetime,
 * so no other process writes it behind the server's back; when another process holds it, this
 * prints who and what to do, sets exit code 75 and returns null.
 */
export async function openServerDatabase(config: PerkConfig): Promise<ServerOwnership | null> {
  const owned = await openOwnedDatabase(config, { role: 'server', command: 'perk start' });
  if (owned.kind === 'held') {
    console.error(
      `Cannot start: ${config.dataDir} is held by ${describeHolder(owned.holder)}.\n` +
        'Only one process at a time may use an embedded database: stop that one first ' +
        `(kill ${owned.holder.pid}), or give this one another PERK_DATA_DIR. ` +
        'While a server runs, perk commands on its directory go through it.',
    );
    process.exitCode = exitCodeBusy;
    return null;
  }
  const { db, lock } = owned;
  if (!lock) return { db, localSecret: undefined, announce: async () => {}, close: owned.close };
  const localSecret = newLocalSecret();
  removeLocalCredential(lock.dir, { keep: lock.holder.token });
  const forget = () => {
    removeLocalCredential(lock.dir, { remove: lock.holder.token });
    lock.releaseSync();
  };
  // A crash (an exception, not kill -9) frees the directory too.
  process.once('exit', forget);
  return {
    db,
    localSecret,
    async announce(address) {
      if (!address || typeof address === 'string') return;
      const credential = { lockToken: lock.holder.token, pid: process.pid, secret: localSecret };
      await writeLocalCredential(lock.dir, { ...credential, url: localUrl(address) });
    },
    async close() {
      removeLocalCredential(lock.dir, { remove: lock.holder.token });
      await owned.close();
      process.off('exit', forget);
    },
  };
}
