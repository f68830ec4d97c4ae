import { sql } from 'kysely';
import { type PollingLoop, startPolling } from '../jobs/polling-loop.ts';
import type { Db } from '../store/database.ts';
import { googleLoyaltyObject } from './google-wallet.ts';
import type { GoogleWalletClient, ObjectUpdateOutcome } from './google-wallet-client.ts';
import { walletCard } from './wallet-card.ts';
import type { GoogleWalletConfig } from './wallet-config.ts';
import type { WalletUpdaterOptions } from './wallet-updater.ts';

/** What one pass did. */
export type ObjectUpdateCounts = Record<'objects' | ObjectUpdateOutcome, number>;

/** Notes the Google object of a "save to wallet" link handed out, so its changes are sent. */
export async function recordGoogleObject(
  db: Db,
  objectId: string,
  customerId: string,
  now: Date,
): Promise<void> {
  await db
    .insertInto('wallet_google_objects')
    .values({ object_id: objectId, customer_id: customerId, created_at: now })
    .onConflict((oc) => oc.column('object_id').doNothing())
    .execute();
}

/**
 * Claims up to `limit` Google objects due an update (past a lease, committed before any call), and
 * sends each its balance and tier as they are now. An object Google does not have (the link was
 * never saved) or whose customer lost the card is done with as well as an updated one; a failed
 * call leaves it due when its lease ends. A newer change during the call keeps it due.
 */
export async function updateDueObjects(
  db: Db,
  client: GoogleWalletClient,
  google: GoogleWalletConfig,
  options: WalletUpdaterOptions,
): Promise<ObjectUpdateCounts> {
  const now = options.clock();
  const leaseEnd = new Date(now + options.leaseMs);
  const claimed = await sql<{ object_id: string; customer_id: string }>`
    UPDATE wallet_google_objects SET update_due_at = ${leaseEnd}
    WHERE object_id IN (
      SELECT object_id FROM wallet_google_objects WHERE update_due_at <= ${new Date(now)}
      ORDER BY update_due_at LIMIT ${options.batchSize} FOR UPDATE SKIP LOCKED)
    RETURNING object_id, customer_id`.execute(db);
  const outcomes = await Promise.all(
    claimed.rows.map(async (row): Promise<ObjectUpdateOutcome> => {
      const card = await walletCard(db, row.customer_id, now).catch(() => null);
      if (!card) return 'missing';
      const object = googleLoyaltyObject(card, google);
      return client.patchLoyaltyObject(row.object_id, {
        loyaltyPoints: object.loyaltyPoints,
        textModulesData: object.textModulesData,
      });
    }),
  );
  const done = claimed.rows.filter((_, i) => outcomes[i] !== 'failed').map((r) => r.object_id);
  if (done.length > 0)
    await db
      .updateTable('wallet_google_objects')
      .set({ update_due_at: null })
      .where('object_id', 'in', done)
      .where('update_due_at', '=', leaseEnd)
      .execute();
  const count = (outcome: ObjectUpdateOutcome) => outcomes.filter((o) => o === outcome).length;
  return {
    objects: claimed.rows.length,
    updated: count('updated'),
    missing: count('missing'),
    failed: count('failed'),
  };
}

/**
 * The Google Wallet loop of one process, as the Apple one (see `startWalletUpdater`): any number
 * of nodes may run it, each due object handed to one of them.
 */
export function startGoogleObjectUpdater(
  db: Db,
  client: GoogleWalletClient,
  google: GoogleWalletConfig,
  options: WalletUpdaterOptions & {
    pollMs: number;
    onError?: (error: unknown) => void;
    /** Told of every step that had failed updates. */
    onFailures?: (counts: ObjectUpdateCounts) => void;
  },
): PollingLoop {
  return startPolling(
    async (stopped) => {
      while (!stopped()) {
        const counts = await updateDueObjects(db, client, google, options);
        if (counts.failed > 0) options.onFailures?.(counts);
        if (counts.objects < options.batchSize) return;
      }
    },
    options.pollMs,
    options.onError,
  );
}
