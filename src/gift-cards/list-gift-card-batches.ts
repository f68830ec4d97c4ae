import { sql } from 'kysely';
import type { Db } from '../store/database.ts';

export const maxListedBatches = 500;

/** An issued batch as the console lists it: its cards counted by status, what they still carry. */
export interface GiftCardBatchSummary {
  batchId: string;
  issuedAt: string;
  cardCount: number;
  /** Every card of a batch is issued with the same nominal and expiry. */
  nominalMinor: number;
  expiresAt: string | null;
  issued: number;
  active: number;
  voided: number;
  /** Cards not voided whose expiry has passed (their balance is written off by the hourly job). */
  expired: number;
  /** What the batch's cards still carry, in kopecks. */
  balanceMinor: number;
}

/**
 * The latest batches of gift cards, newest first (at most {@link maxListedBatches}). Batch ids are
 * each API key's own, so two keys' batches with one id are two rows.
 */
export async function listGiftCardBatches(db: Db, now: Date): Promise<GiftCardBatchSummary[]> {
  const rows = await db
    .selectFrom('gift_cards')
    .select((eb) => [
      'batch_id',
      eb.fn.min('created_at').as('issued_at'),
      eb.fn.countAll<string>().as('card_count'),
      eb.fn.max('nominal_minor').as('nominal_minor'),
      eb.fn.max('expires_at').as('expires_at'),
      sql<string>`count(*) FILTER (WHERE status = 'issued')`.as('issued'),
      sql<string>`count(*) FILTER (WHERE status = 'active')`.as('active'),
      sql<string>`count(*) FILTER (WHERE status = 'voided')`.as('voided'),
      sql<string>`count(*) FILTER (WHERE status <> 'voided' AND expires_at <= ${now})`.as(
        'expired',
      ),
      eb.fn.sum<string>('balance_minor').as('balance_minor'),
    ])
    .where('batch_id', 'is not', null)
    .groupBy(['batch_key_id', 'batch_id'])
    .orderBy('issued_at', 'desc')
    .orderBy('batch_id')
    .limit(maxListedBatches)
    .execute();
  return rows.map((row) => ({
    batchId: row.batch_id as string,
    issuedAt: new Date(row.issued_at).toISOString(),
    cardCount: Number(row.card_count),
    nominalMinor: Number(row.nominal_minor),
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at).toISOString(),
    issued: Number(row.issued),
    active: Number(row.active),
    voided: Number(row.voided),
    expired: Number(row.expired),
    balanceMinor: Number(row.balance_minor),
  }));
}
