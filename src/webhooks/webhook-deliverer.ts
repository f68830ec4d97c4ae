import type { WebhookConfig } from '../config.ts';
import { type PollingLoop, startPolling } from '../jobs/polling-loop.ts';
import type { Db } from '../store/database.ts';
import { claimDeliveries } from './claim-deliveries.ts';
import { fanOutEvents } from './fan-out.ts';
import { type RetryPolicy, recordOutcome } from './record-outcome.ts';
import { sendWebhook } from './send-webhook.ts';

export interface DelivererOptions extends RetryPolicy {
  /** A receiver's answer is awaited this long, in ms. */
  timeoutMs: number;
  /** Deliveries claimed (and sent side by side) per pass. */
  batchSize: number;
  /** The clock deliveries are claimed, signed and recorded by (`Date.now` on a server). */
  clock: () => number;
  /** Also queue each new event for the NATS stream (src/event-stream), when one is configured. */
  toStream?: boolean;
}

/** What one pass did. */
export interface PassCounts {
  fannedOut: number;
  claimed: number;
  delivered: number;
  retrying: number;
  dead: number;
}

// A claim outlives the slowest answer it waits for, so a live deliverer keeps its rows.
const leaseMarginMs = 5_000;

/**
 * One pass: copies new outbox events into deliveries, claims the due ones, sends them side by
 * side (no transaction open), then records each outcome under its lease.
 */
export async function deliverDue(db: Db, options: DelivererOptions): Promise<PassCounts> {
  const fannedOut = await fanOutEvents(
    db,
    new Date(options.clock()),
    options.batchSize,
    options.toStream,
  );
  const claimed = await claimDeliveries(db, {
    now: new Date(options.clock()),
    leaseMs: options.timeoutMs + leaseMarginMs,
    limit: options.batchSize,
  });
  const statuses = await Promise.all(
    claimed.map(async (delivery) => {
      const outcome = await sendWebhook(delivery, {
        timeoutMs: options.timeoutMs,
        nowSeconds: Math.floor(options.clock() / 1000),
      });
      return recordOutcome(db, delivery, outcome, options, new Date(options.clock()));
    }),
  );
  const count = (status: string) => statuses.filter((s) => s === status).length;
  return {
    fannedOut,
    claimed: claimed.length,
    delivered: count('delivered'),
    retrying: count('pending'),
    dead: count('dead'),
  };
}

/** `stop` waits for the pass under way; its claims are recorded or lapse. */
export type WebhookDeliverer = PollingLoop;

/**
 * The delivery loop of one process: passes back to back while there is work, then one every
 * `pollMs`. The database hands each delivery to one node ({@link claimDeliveries}), so any
 * number of nodes may run it, and a restarted node picks up where the dead one left off.
 */
export function startWebhookDeliverer(
  db: Db,
  options: DelivererOptions & { pollMs: number; onError?: (error: unknown) => void },
): WebhookDeliverer {
  return startPolling(
    async (stopped) => {
      while (!stopped()) {
        const counts = await deliverDue(db, options);
        if (counts.claimed < options.batchSize && counts.fannedOut < options.batchSize) return;
      }
    },
    options.pollMs,
    options.onError,
  );
}

/** The deliverer's options as configured (`PERK_WEBHOOK_*`). */
export function delivererOptions(config: WebhookConfig): DelivererOptions & { pollMs: number } {
  return {
    maxAttempts: config.maxAttempts,
    timeoutMs: config.timeoutSeconds * 1000,
    backoff: {
      baseMs: config.retryBaseSeconds * 1000,
      capMs: Math.max(config.retryCapSeconds, config.retryBaseSeconds) * 1000,
    },
    random: Math.random,
    batchSize: 50,
    clock: Date.now,
    pollMs: config.pollMs,
  };
}
