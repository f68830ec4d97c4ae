import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Contact campaigns: their definitions; per-customer progress over purchases; every reward given
 * (at most one live reward per campaign, customer and occurrence, enforced by the database, so a
 * retry or a second node never grants twice); referral codes and who referred whom; reported
 * non-purchase actions; carts the web shop reported abandoned; and the outbox of events the
 * mailing system reads in id order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TABLE campaigns (
      id text PRIMARY KEY,
      kind text NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'paused', 'archived')),
      definition jsonb NOT NULL,
      revision integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX campaigns_kind_idx ON campaigns (kind) WHERE status = 'active'`,
    `CREATE TABLE campaign_progress (
      campaign_id text NOT NULL REFERENCES campaigns (id),
      customer_id uuid NOT NULL REFERENCES customers (id),
      purchase_ids text[] NOT NULL DEFAULT '{}',
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (campaign_id, customer_id)
    )`,
    `CREATE TABLE campaign_rewards (
      operation_id text PRIMARY KEY,
      campaign_id text NOT NULL REFERENCES campaigns (id),
      customer_id uuid NOT NULL REFERENCES customers (id),
      occurrence text NOT NULL,
      period_key text NOT NULL,
      progress_customer_id uuid REFERENCES customers (id),
      reward jsonb NOT NULL,
      granted_at timestamptz NOT NULL,
      revoked_at timestamptz
    )`,
    `CREATE UNIQUE INDEX campaign_rewards_live_idx ON campaign_rewards
      (campaign_id, customer_id, occurrence) WHERE revoked_at IS NULL`,
    `CREATE INDEX campaign_rewards_progress_idx ON campaign_rewards (campaign_id, progress_customer_id)`,
    `CREATE TABLE referral_codes (
      customer_id uuid PRIMARY KEY REFERENCES customers (id),
      code text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE referrals (
      friend_id uuid PRIMARY KEY REFERENCES customers (id),
      referrer_id uuid NOT NULL REFERENCES customers (id),
      created_at timestamptz NOT NULL,
      CHECK (friend_id <> referrer_id)
    )`,
    `CREATE INDEX referrals_referrer_idx ON referrals (referrer_id)`,
    `CREATE TABLE customer_actions (
      customer_id uuid NOT NULL REFERENCES customers (id),
      action_id text NOT NULL,
      type text NOT NULL,
      at timestamptz NOT NULL,
      response jsonb NOT NULL,
      PRIMARY KEY (customer_id, action_id)
    )`,
    `CREATE TABLE abandoned_carts (
      cart_id text PRIMARY KEY,
      customer_id uuid NOT NULL REFERENCES customers (id),
      total_minor bigint,
      reported_at timestamptz NOT NULL
    )`,
    `CREATE INDEX abandoned_carts_reported_idx ON abandoned_carts (reported_at)`,
    `CREATE TABLE outbox_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL,
      dedupe_key text NOT NULL UNIQUE,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL
    )`,
  ]);
}
