import type { CartCalculation } from '../carts/calculate-cart.ts';
import { normaliseCode } from '../coupons/code-format.ts';
import type { CouponResult } from '../engine/model/calculation.ts';
import { roublesOf } from './decimal-amount.ts';
import type { EchoedLine, MindboxOrder } from './order-request.ts';
import { type WholeLine, wholeLines } from './whole-lines.ts';

type Json = Record<string, unknown>;

/** What a Mindbox order answer says of points: the balance, what may pay, what moves. */
export interface OrderPoints {
  /** Spendable now (null for an anonymous order). */
  available: number | null;
  /** Earned, not yet spendable. */
  blocked: number;
  /** Most points this order accepts now (0 when none or anonymous). */
  availableForOrder: number;
  earned: number;
  spent: number;
  /** Points spent per line (a committed order), by `lineId`. */
  spentByLine: ReadonlyMap<string, number>;
}

/** Perk's balance account as Mindbox clients name a balance type. */
export const balanceType = { ids: { systemName: 'Main' } } as const;

/** The name the check rounding's share goes by among a line's applied promotions. */
export const roundingPromotion = {
  ids: { externalId: 'perk-check-rounding' },
  name: 'Округление суммы чека / Check total rounded down',
} as const;

// Perk's reasons a code was refused, as Mindbox's coupon statuses.
const couponStatuses: Record<string, string> = {
  unknown: 'NotFound',
  not_started: 'YetNotActive',
  expired: 'AlreadyNotActive',
  exhausted: 'Used',
  used_by_customer: 'Used',
};

/**
 * A calculation as Mindbox answers an order: one line per `lineId` whose
 * `discountedPriceOfLine` divides by its quantity (see `wholeLines`), `totalPrice` their sum
 * (delivery apart, in `deliveryCost`), promotions per line, coupons with Mindbox's statuses, and
 * the points. Amounts are roubles.
 */
export function orderAnswer(
  calculation: CartCalculation,
  order: MindboxOrder,
  points: OrderPoints,
  header: { processingStatus: string; ids?: Json },
): Json {
  const { lines } = wholeLines(calculation.lines);
  const names = new Map(calculation.appliedPromotions.map((p) => [p.promotionId, p]));
  const echoes = new Map(order.lines.map((line) => [line.lineId, line]));
  const totalMinor = lines.reduce((sum, line) => sum + line.totalMinor, 0);
  // Clients match coupons by the code they sent; Perk answers the code in its one written form.
  const sentCodes = new Map(
    (order.cart.couponCodes ?? []).map((code) => [normaliseCode(code), code]),
  );
  return {
    status: 'Success',
    ...customerPart(calculation),
    order: {
      ...(header.ids ? { ids: header.ids } : {}),
      processingStatus: header.processingStatus,
      totalPrice: roublesOf(totalMinor),
      deliveryCost: roublesOf(order.deliveryCostMinor),
      lines: lines.map((line, i) =>
        answerLine(line, line.gift ? undefined : echoes.get(line.lineId), i, names, points),
      ),
      couponsInfo: calculation.coupons.map((coupon) =>
        couponInfo(coupon, sentCodes.get(coupon.code) ?? coupon.code, calculation),
      ),
      totalBonusPointsInfo: {
        availableAmountForCurrentOrder: points.availableForOrder,
        balance: { available: points.available ?? 0, blocked: points.blocked },
      },
      bonusPointsChanges: [{ balanceType, earnedAmount: points.earned, spentAmount: points.spent }],
    },
  };
}

function customerPart(calculation: CartCalculation): Json {
  const { customer } = calculation;
  if (customer.status === 'anonymous') return {};
  if (customer.status === 'not_found') return { customer: { processingStatus: 'NotFound' } };
  return { customer: { processingStatus: 'Found', ids: { mindboxId: customer.id } } };
}

function answerLine(
  line: WholeLine,
  echo: EchoedLine | undefined,
  index: number,
  names: ReadonlyMap<string, { name: string; couponCode: string | null }>,
  points: OrderPoints,
): Json {
  const applied: Json[] = line.discounts.map((d) => {
    const promotion = d.promotionId === null ? undefined : names.get(d.promotionId);
    return {
      type: 'discount',
      promotion:
        d.promotionId === null
          ? roundingPromotion
          : { ids: { externalId: d.promotionId }, name: promotion?.name ?? d.promotionId },
      ...(promotion?.couponCode ? { coupon: { ids: { code: promotion.couponCode } } } : {}),
      amount: roublesOf(d.discountMinor),
    };
  });
  for (const b of line.bonusByPromotion) {
    applied.push({
      type: 'earnedBonusPoints',
      promotion: {
        ids: { externalId: b.promotionId },
        name: names.get(b.promotionId)?.name ?? b.promotionId,
      },
      amount: b.points,
    });
  }
  const spent = points.spentByLine.get(line.lineId) ?? 0;
  if (spent > 0) applied.push({ type: 'spentBonusPoints', amount: spent });
  return {
    lineId: line.lineId,
    lineNumber: echo?.lineNumber ?? index + 1,
    quantity: line.units ?? echo?.quantity ?? 1,
    basePricePerItem: roublesOf(
      line.units ? line.regularTotalMinor / line.units : (echo?.basePricePerItem ?? 0),
    ),
    discountedPriceOfLine: roublesOf(line.totalMinor),
    product: echo?.product ?? { ids: { externalId: line.sku } },
    ...(echo?.status !== undefined ? { status: echo.status } : {}),
    appliedPromotions: applied,
  };
}

function couponInfo(coupon: CouponResult, sentCode: string, calculation: CartCalculation): Json {
  const discountMinor = calculation.appliedPromotions
    .filter((p) => p.couponCode === coupon.code)
    .reduce((sum, p) => sum + p.discountMinor, 0);
  const status = coupon.accepted
    ? 'CanBeUsed'
    : (couponStatuses[coupon.reason ?? ''] ?? 'CanNotBeUsedForCurrentOrder');
  return {
    coupon: { ids: { code: sentCode }, status },
    discountAmountForCurrentOrder: roublesOf(discountMinor),
  };
}
