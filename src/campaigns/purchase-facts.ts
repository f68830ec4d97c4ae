import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import type { CampaignRule } from './campaign-schema.ts';

/** What a campaign needs to know of one purchase, returns included. */
export interface PurchaseFacts {
  /** Money paid net of refunds, kopecks. */
  netPaidMinor: number;
  /** False once cancelled or every unit returned. */
  kept: boolean;
}

/** Reads a purchase's facts inside the caller's transaction. */
export async function purchaseFacts(trx: Db, purchaseId: string): Promise<PurchaseFacts> {
  const row = await trx
    .selectFrom('purchases as p')
    .select([
      'p.paid_minor',
      'p.cancelled',
      sql<string>`(SELECT coalesce(sum(quantity), 0) FROM purchase_lines WHERE purchase_id = p.id)`.as(
        'units',
      ),
      sql<string>`(SELECT coalesce(sum(quantity), 0) FROM purchase_return_lines WHERE purchase_id = p.id)`.as(
        'returned_units',
      ),
      sql<string>`(SELECT coalesce(sum(refund_minor), 0) FROM purchase_return_lines WHERE purchase_id = p.id)`.as(
        'refund_minor',
      ),
    ])
    .where('p.id', '=', purchaseId)
    .executeTakeFirstOrThrow();
  return {
    netPaidMinor: Number(row.paid_minor) - Number(row.refund_minor),
    kept: !row.cancelled && Number(row.returned_units) < Number(row.units),
  };
}

/**
 * Whether a purchase counts for a purchase-driven rule: it is kept (not cancelled, not wholly
 * returned) and, with a minimum, the money paid for it net of refunds is at least that much.
 * So a partial return that brings a check under the minimum takes it out of the count too.
 */
export function purchaseQualifies(rule: CampaignRule, facts: PurchaseFacts): boolean {
  if (!facts.kept) return false;
  const min = 'minAmountMinor' in rule ? rule.minAmountMinor : undefined;
  return min === undefined || facts.netPaidMinor >= min;
}

/** Purchases a purchase-driven rule needs to complete. */
export function purchaseTarget(rule: CampaignRule): number {
  return rule.kind === 'purchase_count' ? rule.count : 1;
}
