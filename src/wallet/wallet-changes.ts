import { sql } from 'kysely';
import { nextModified } from './apple-passes.ts';

// The outbox's customer id is text: one that is no uuid (no customer's) must not stop the fan-out.
const uuidPattern = '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$';

/**
 * The part of the outbox's fan-out (src/webhooks/fan-out.ts) that concerns wallet cards: two CTEs,
 * run in the statement that marks the `batch` of events fanned out. The Apple passes of the
 * customers whose balance or tier changed get a new tag (so "list updated serials" answers them)
 * and are due a push; their Google objects are due an update. So each event reaches the cards
 * once, whichever node fans it out, and an event not yet fanned out when a node dies is fanned
 * out by the next.
 */
export function walletChangesOf(now: Date) {
  const changed = sql`
    SELECT CASE WHEN customer_id ~* ${uuidPattern} THEN customer_id::uuid END FROM batch
    WHERE type IN ('points.changed', 'tier.changed')`;
  return sql`, wallet_passes_changed AS (
      UPDATE wallet_passes
      SET tag = nextval('wallet_pass_tags'), updated_at = ${nextModified(now)}, push_due_at = ${now}
      WHERE customer_id IN (${changed})
      RETURNING serial
    ), wallet_objects_changed AS (
      UPDATE wallet_google_objects SET update_due_at = ${now}
      WHERE customer_id IN (${changed})
      RETURNING object_id
    )`;
}
