import type { Actor } from '../access/actor.ts';
import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import {
  createPromotion,
  listPromotions,
  replacePromotion,
  type StoredPromotion,
} from '../promotions/promotions.ts';
import type { Db } from '../store/database.ts';
import type { Tier, TierProgram } from './tier-program.ts';

/** Stacking group the tier discounts share; the marketer orders it among the others. */
export const tierDiscountGroupId = 'tiers';

const idPrefix = 'tier-discount-';

/** Id of the promotion that carries a tier's own discount. */
export function tierDiscountPromotionId(tierId: string): string {
  return `${idPrefix}${tierId}`;
}

/**
 * A tier's discount as a promotion: percent off every line, audience the tier alone. Going through
 * the engine keeps the discount under the same rules as any other (no-discount products, minimum
 * prices, stacking, limits) and explained on the receipt, instead of a second discount path.
 */
export function tierDiscountPromotion(tier: Tier, percentBp: number): PromotionDefinition {
  return {
    id: tierDiscountPromotionId(tier.id),
    name: `${tier.name.en} tier −${percentBp / 100}% / Уровень ${tier.name.ru} −${percentBp / 100}%`,
    status: 'active',
    audience: { tierIds: [tier.id], anonymousAllowed: false },
    stacking: { groupId: tierDiscountGroupId, priority: 0, exclusive: false },
    mechanic: { kind: 'percent-off', scope: {}, percentBp },
  };
}

/**
 * Brings the tier-discount promotions in line with the programme: creates or updates one active
 * promotion per tier with `discountBp`, pauses those of tiers that lost their discount or are gone
 * (paused, not archived, so the tier can get a discount again). Re-running changes nothing.
 * Each change is audited and makes a ruleset version through the promotions service.
 */
export async function syncTierDiscountPromotions(
  db: Db,
  actor: Actor,
  program: TierProgram,
): Promise<string[]> {
  const existing = new Map<string, StoredPromotion>(
    (await listPromotions(db))
      .filter((stored) => stored.id.startsWith(idPrefix))
      .map((stored) => [stored.id, stored]),
  );
  const changed: string[] = [];
  const write = async (definition: PromotionDefinition) => {
    const before = existing.get(definition.id);
    if (!before) await createPromotion(db, actor, definition);
    else {
      const after = await replacePromotion(db, actor, definition.id, definition, before.revision);
      if (after.revision === before.revision) return;
    }
    changed.push(definition.id);
  };
  const wanted = new Set<string>();
  for (const tier of program.tiers) {
    if (tier.discountBp === undefined) continue;
    wanted.add(tierDiscountPromotionId(tier.id));
    await write(tierDiscountPromotion(tier, tier.discountBp));
  }
  for (const stale of existing.values()) {
    if (!wanted.has(stale.id) && stale.status === 'active') {
      await write({ ...stale.definition, status: 'paused' });
    }
  }
  return changed;
}
