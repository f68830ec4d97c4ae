import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { CalculationContext } from '../engine/model/context.ts';
import type { Ruleset } from '../engine/ruleset/compile-ruleset.ts';

/** Buckets a customer falls into per promotion: 0 … 9 999, one per basis point of share. */
export const HOLDOUT_BUCKETS = 10_000;

/**
 * The control-group bucket of a customer in a promotion: the first 32 bits of
 * md5(`promotionId:customerId`) as an unsigned number, modulo 10 000. Stable across restarts and
 * nodes, and the same as {@link holdoutBucketSql} computes in the database.
 */
export function holdoutBucket(promotionId: string, customerId: string): number {
  return (
    createHash('md5').update(`${promotionId}:${customerId}`).digest().readUInt32BE(0) %
    HOLDOUT_BUCKETS
  );
}

/** Held out when the bucket is below the share: 500 bp holds out buckets 0 … 499. */
export function isHeldOut(promotionId: string, customerId: string, shareBp: number): boolean {
  return shareBp > 0 && holdoutBucket(promotionId, customerId) < shareBp;
}

/** {@link holdoutBucket} as SQL over two text expressions (bit(32) → bigint reads it unsigned). */
export function holdoutBucketSql(
  promotionId: RawBuilder<unknown> | string,
  customerId: RawBuilder<unknown>,
): RawBuilder<number> {
  return sql<number>`((('x' || substr(md5(${promotionId}::text || ':' || ${customerId}::text), 1, 8))::bit(32)::bigint % ${sql.lit(HOLDOUT_BUCKETS)})::int)`;
}

/**
 * The promotions of a ruleset whose control group holds this customer out, for the engine's
 * context. Only identified customers have one: an anonymous cart is never held out (nobody to
 * compare); whether the customer is in the audience at all, the engine decides first.
 */
export function heldOutPromotionIds(ruleset: Ruleset, customerId: string): string[] {
  const ids: string[] = [];
  for (const { definition } of ruleset.promotions) {
    const share = definition.holdoutShareBp ?? 0;
    if (isHeldOut(definition.id, customerId, share)) ids.push(definition.id);
  }
  return ids;
}

/** The engine's view of an identified customer, with the control groups holding them out if any. */
export function cartCustomerContext(
  ruleset: Ruleset,
  customerId: string,
  segmentIds: string[],
  tierId: string | null,
): NonNullable<CalculationContext['customer']> {
  const heldOut = heldOutPromotionIds(ruleset, customerId);
  return {
    id: customerId,
    segmentIds,
    tierId,
    ...(heldOut.length > 0 ? { heldOutPromotionIds: heldOut } : {}),
  };
}
