import { sql } from 'kysely';
import { type PollingLoop, startPolling } from '../jobs/polling-loop.ts';
import type { Db } from '../store/database.ts';
import type { ApnsPusher, PushOutcome } from './apns-pusher.ts';
import type { WalletConfig } from './wallet-config.ts';

export interface WalletUpdaterOptions {
  /** Passes pushed per step. */
  batchSize: number;
  /** A claimed pass is due again this long after its claim if its pushes did not all end (ms). */
  leaseMs: number;
  /** `Date.now` on a server. */
  clock: () => number;
}

/** What one pass did. */
export interface WalletPassCounts {
  /** Passes whose devices were pushed to. */
  passes: number;
  sent: number;
  /** Registrations dropped because APNs said their token is dead. */
  gone: number;
  failed: number;
}

/**
 * Claims up to `limit` passes due a push (moving them past a lease, committed before any push is
 * sent, so no transaction waits on APNs), pushes to every device registered for them, drops the
 * registrations APNs calls dead, and clears the due mark of each pass whose pushes all ended —
 * unless a newer change made it due again meanwhile. A pass with a failed push is due again when
 * its lease ends.
 */
export async function pushDuePasses(
  db: Db,
  pusher: ApnsPusher,
  options: WalletUpdaterOptions,
): Promise<WalletPassCounts> {
  const now = options.clock();
  const leaseEnd = new Date(now + options.leaseMs);
  const claimed = await sql<{ serial: string; pass_type_id: string }>`
    UPDATE wallet_passes SET push_due_at = ${leaseEnd}
    WHERE serial IN (
      SELECT serial FROM wallet_passes WHERE push_due_at <= ${new Date(now)}
      ORDER BY push_due_at LIMIT ${options.batchSize} FOR UPDATE SKIP LOCKED)
    RETURNING serial, pass_type_id`.execute(db);
  const counts = { passes: claimed.rows.length, sent: 0, gone: 0, failed: 0 };
  if (claimed.rows.length === 0) return counts;
  const registrations = await db
    .selectFrom('wallet_registrations')
    .select(['device_id', 'pass_type_id', 'serial', 'push_token'])
    .where(
      'serial',
      'in',
      claimed.rows.map((row) => row.serial),
    )
    .execute();
  const outcomes = await Promise.all(
    claimed.rows.map(async (pass) => {
      const devices = registrations.filter((r) => r.serial === pass.serial);
      const results = await pusher.push(
        pass.pass_type_id,
        devices.map((device) => device.push_token),
      );
      return { pass, devices, results };
    }),
  );
  for (const { pass, devices, results } of outcomes) {
    const dead = devices.filter((_, i) => results[i] === 'gone');
    for (const device of dead)
      await db
        .deleteFrom('wallet_registrations')
        .where('device_id', '=', device.device_id)
        .where('pass_type_id', '=', device.pass_type_id)
        .where('serial', '=', device.serial)
        .where('push_token', '=', device.push_token)
        .execute();
    const count = (outcome: PushOutcome) => results.filter((r) => r === outcome).length;
    counts.sent += count('sent');
    counts.gone += count('gone');
    counts.failed += count('failed');
    if (count('failed') === 0)
      await db
        .updateTable('wallet_passes')
        .set({ push_due_at: null })
        .where('serial', '=', pass.serial)
        .where('push_due_at', '=', leaseEnd)
        .execute();
  }
  return counts;
}

/**
 * The wallet loop of one process: passes back to back while there is work, then one every
 * `pollMs`. The database hands each due pass to one node, so any number of nodes may run it, and
 * a restarted node carries on from what is still due. `stop` waits for the pass under way and
 * closes the APNs connection.
 */
export function startWalletUpdater(
  db: Db,
  pusher: ApnsPusher,
  options: WalletUpdaterOptions & {
    pollMs: number;
    onError?: (error: unknown) => void;
    /** Told of every step that had failed pushes (a wrong certificate fails them all). */
    onFailures?: (counts: WalletPassCounts) => void;
  },
): PollingLoop {
  const loop = startPolling(
    async (stopped) => {
      while (!stopped()) {
        const counts = await pushDuePasses(db, pusher, options);
        if (counts.failed > 0) options.onFailures?.(counts);
        if (counts.passes < options.batchSize) return;
      }
    },
    options.pollMs,
    options.onError,
  );
  return {
    async stop() {
      await loop.stop();
      await pusher.close();
    },
  };
}

/** The updater's options as configured (`PERK_WALLET_POLL_MS`). */
export function walletUpdaterOptions(
  config: WalletConfig,
): WalletUpdaterOptions & { pollMs: number } {
  // A lease outlives the slowest push a pass waits for (10 s each, sent side by side).
  return { batchSize: 100, leaseMs: 60_000, clock: Date.now, pollMs: config.pollMs };
}
