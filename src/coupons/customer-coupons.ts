import type { Db } from '../store/database.ts';
import { type CouponReason, checkCoupon } from './coupon-check.ts';
import { loadCouponFacts } from './coupon-facts.ts';

/** A purchase that used the code; `released`: cancelled or returned with the series' release. */
export interface CouponRedemptionView {
  purchaseId: string;
  transactionId: string;
  redeemedAt: string;
  released: boolean;
}

/** A code issued to the customer or used by them, and whether they can still use it. */
export interface CustomerCouponView {
  code: string;
  seriesId: string;
  seriesName: string;
  promotionId: string;
  /** Issued to this customer (only they may use it); false for a code they used. */
  bound: boolean;
  issuedAt: string | null;
  validFrom: string | null;
  validTo: string | null;
  /** Whether the customer could use it now, in a store of the series. */
  usable: boolean;
  /** Why not, as the till would refuse it (`used_by_customer`, `exhausted`, `expired`…). */
  refusal: CouponReason | null;
  redemptions: CouponRedemptionView[];
}

/** Enough for a person's coupons; a customer with more sees the newest. */
export const maxCustomerCoupons = 200;

/**
 * The codes issued to a customer or redeemed in their purchases, newest first (by issue, then by
 * first use), each judged now by the till's own rule. The store check is left out: the code is
 * judged in a store its series allows.
 */
export async function listCustomerCoupons(
  db: Db,
  customerId: string,
  now: Date,
): Promise<CustomerCouponView[]> {
  const rows = await db
    .selectFrom('coupons as c')
    .innerJoin('coupon_series as s', 's.id', 'c.series_id')
    .select(['c.code', 'c.customer_id', 'c.issued_at', 's.id as series_id', 's.name'])
    .select((eb) =>
      eb
        .selectFrom('coupon_redemptions as r')
        .select((r) => r.fn.min('r.redeemed_at').as('first'))
        .whereRef('r.code', '=', 'c.code')
        .where('r.customer_id', '=', customerId)
        .as('first_redeemed_at'),
    )
    .where((eb) =>
      eb.or([
        eb('c.customer_id', '=', customerId),
        eb(
          'c.code',
          'in',
          eb.selectFrom('coupon_redemptions').select('code').where('customer_id', '=', customerId),
        ),
      ]),
    )
    .execute();
  if (rows.length === 0) return [];
  const at = (row: (typeof rows)[number]) =>
    new Date(row.issued_at ?? row.first_redeemed_at ?? 0).getTime();
  rows.sort((a, b) => at(b) - at(a) || (a.code < b.code ? -1 : 1));
  rows.length = Math.min(rows.length, maxCustomerCoupons);
  const codes = rows.map((row) => row.code);
  const facts = await loadCouponFacts(db, codes, customerId);
  const redemptions = await db
    .selectFrom('coupon_redemptions as r')
    .innerJoin('purchases as p', 'p.id', 'r.purchase_id')
    .select(['r.code', 'r.purchase_id', 'p.transaction_id', 'r.redeemed_at', 'r.released_at'])
    .where('r.code', 'in', codes)
    .where('r.customer_id', '=', customerId)
    .orderBy('r.id')
    .execute();
  return rows.flatMap((row) => {
    const fact = facts.get(row.code);
    if (fact === undefined) return [];
    const check = checkCoupon(fact, {
      customerId,
      storeId: fact.storeIds?.[0] ?? '',
      now: now.getTime(),
    });
    return [
      {
        code: row.code,
        seriesId: row.series_id,
        seriesName: row.name,
        promotionId: fact.promotionId,
        bound: row.customer_id === customerId,
        issuedAt: row.issued_at?.toISOString() ?? null,
        validFrom: fact.validFrom?.toISOString() ?? null,
        validTo: fact.validTo?.toISOString() ?? null,
        usable: check.valid,
        refusal: check.valid ? null : check.reason,
        redemptions: redemptions
          .filter((r) => r.code === row.code)
          .map((r) => ({
            purchaseId: r.purchase_id,
            transactionId: r.transaction_id,
            redeemedAt: new Date(r.redeemed_at).toISOString(),
            released: r.released_at !== null,
          })),
      },
    ];
  });
}
