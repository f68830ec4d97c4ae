import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { PromotionGrant } from './usage-limits.ts';

export interface ReleaseUsageInput {
  purchaseId: string;
  /**
   * True for a cancel, or the return that leaves nothing of the purchase: everything the purchase
   * still holds is given back, its uses included.
   */
  whole: boolean;
  /**
   * For a partial return: what the returned units carried, per promotion (the returned lines'
   * `promotions[].discountMinor` and `bonusByPromotion[].points`, pro rata by quantity).
   */
  returned?: readonly PromotionGrant[];
}

interface Held {
  customerId: string | null;
  uses: number;
  discountMinor: number;
  points: number;
}

/**
 * Gives budget and uses back when a purchase is cancelled or returned, inside that transaction.
 * The rule: a partial return gives back the discount and points of the returned units, never more
 * than the purchase still holds; a use (total and per customer) comes back only with `whole`,
 * which also gives back whatever discount and points remain. Repeating a release gives nothing
 * twice. Answers what was given back, per promotion.
 */
export async function releaseUsage(
  trx: Kysely<Database>,
  input: ReleaseUsageInput,
): Promise<Release[]> {
  const promotionIds = await trx
    .selectFrom('promotion_usage_entries')
    .select('promotion_id')
    .distinct()
    .where('purchase_id', '=', input.purchaseId)
    .execute();
  if (promotionIds.length === 0) return [];
  // Lock the counters first (same order as recordUsage: by promotion id), then read what the
  // purchase holds, so two racing releases of one purchase cannot both give the same back.
  await trx
    .selectFrom('promotion_usage')
    .select('promotion_id')
    .where(
      'promotion_id',
      'in',
      promotionIds.map((row) => row.promotion_id),
    )
    .orderBy('promotion_id')
    .forUpdate()
    .execute();
  const releases = releasesOf(await heldBy(trx, input.purchaseId), input);
  for (const r of releases) await giveBack(trx, r);
  if (releases.length > 0) {
    await trx
      .insertInto('promotion_usage_entries')
      .values(
        releases.map((r) => ({
          purchase_id: input.purchaseId,
          promotion_id: r.promotionId,
          customer_id: r.customerId,
          kind: 'release' as const,
          uses: r.uses,
          discount_minor: r.discountMinor,
          points: r.points,
        })),
      )
      .execute();
  }
  return releases.map(({ customerId: _, ...release }) => release);
}

/** What is given back per promotion. */
export interface Release extends PromotionGrant {
  uses: number;
}

function releasesOf(
  held: Map<string, Held>,
  input: ReleaseUsageInput,
): (Release & { customerId: string | null })[] {
  const asked = new Map((input.returned ?? []).map((g) => [g.promotionId, g]));
  return [...held.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([promotionId, h]) => {
      const part = asked.get(promotionId);
      return {
        promotionId,
        customerId: h.customerId,
        uses: input.whole ? h.uses : 0,
        discountMinor: input.whole
          ? h.discountMinor
          : Math.min(h.discountMinor, part?.discountMinor ?? 0),
        points: input.whole ? h.points : Math.min(h.points, part?.points ?? 0),
      };
    })
    .filter((r) => r.uses + r.discountMinor + r.points > 0);
}

async function giveBack(
  trx: Kysely<Database>,
  r: Release & { customerId: string | null },
): Promise<void> {
  await trx
    .updateTable('promotion_usage')
    .set((eb) => ({
      total_uses: eb('total_uses', '-', r.uses),
      discount_minor: eb('discount_minor', '-', r.discountMinor),
      points: eb('points', '-', r.points),
      updated_at: new Date(),
    }))
    .where('promotion_id', '=', r.promotionId)
    .execute();
  if (r.customerId !== null && r.uses > 0) {
    await trx
      .updateTable('promotion_customer_usage')
      .set((eb) => ({ uses: eb('uses', '-', r.uses) }))
      .where('promotion_id', '=', r.promotionId)
      // The entry keeps the customer of its day; after a merge the uses live with the survivor.
      .where('customer_id', '=', (eb) =>
        eb
          .selectFrom('customers')
          .select(sql<string>`coalesce(merged_into, id)`.as('owner'))
          .where('id', '=', r.customerId as string),
      )
      .execute();
  }
}

/** What a purchase still holds per promotion: its uses minus its releases. */
async function heldBy(trx: Kysely<Database>, purchaseId: string): Promise<Map<string, Held>> {
  const entries = await trx
    .selectFrom('promotion_usage_entries')
    .select(['promotion_id', 'customer_id', 'kind', 'uses', 'discount_minor', 'points'])
    .where('purchase_id', '=', purchaseId)
    .execute();
  const held = new Map<string, Held>();
  for (const e of entries) {
    const sign = e.kind === 'use' ? 1 : -1;
    const h = held.get(e.promotion_id) ?? {
      customerId: e.customer_id,
      uses: 0,
      discountMinor: 0,
      points: 0,
    };
    h.uses += sign * e.uses;
    h.discountMinor += sign * e.discount_minor;
    h.points += sign * e.points;
    held.set(e.promotion_id, h);
  }
  return held;
}
