import { loadCategoryTree } from '../catalogue/categories.ts';
import { calculate } from '../engine/calculate/calculate.ts';
import type { LocalizedText } from '../engine/explain/messages.ts';
import type { CalculationContext } from '../engine/model/context.ts';
import { formatMoney, formatPercent } from '../engine/money/format-money.ts';
import { invalid, ProblemCollector } from '../errors.ts';
import { cartCustomerContext } from '../promotions/holdout.ts';
import { cartTier } from '../tiers/current-tier.ts';
import { checkBusinessTime } from './business-time.ts';
import type { CalculateCartDeps } from './calculate-cart.ts';
import { loadCartCustomer } from './cart-customer.ts';
import { buildCartLines } from './cart-lines.ts';
import { cartUsage } from './cart-usage.ts';
import type { CustomerReference, ResolvedCustomer } from './customer-reference.ts';

/** The most SKUs one price request may ask about: a catalogue page, a search result. */
export const MAX_PRICE_SKUS = 500;

export interface ShopPricesRequest {
  storeId: string;
  /** The instant to price at; now by default. */
  at?: string;
  customer?: CustomerReference;
  /** Each SKU with its regular (shelf) price: the catalogue holds no prices. */
  items: { sku: string; regularPriceMinor: number }[];
}

export interface PricedSkuPromotion {
  promotionId: string;
  name: string;
  discountMinor: number;
}

/** One SKU's answer: `unknown_sku` when the catalogue has no such product (nothing priced). */
export type PricedSku =
  | {
      sku: string;
      status: 'priced';
      regularPriceMinor: number;
      priceMinor: number;
      discountMinor: number;
      promotions: PricedSkuPromotion[];
      /** "−15%" or "−150 ₽", in both languages; null when no promotion lowers the price. */
      badge: LocalizedText | null;
    }
  | {
      sku: string;
      status: 'unknown_sku';
      regularPriceMinor: number;
      priceMinor: null;
      discountMinor: null;
      promotions: [];
      badge: null;
    };

export interface ShopPrices {
  storeId: string;
  pricedAt: string;
  customer: ResolvedCustomer;
  rulesetVersion: string;
  items: PricedSku[];
}

/**
 * A web shop's prices for one customer (or an anonymous visitor) at one store: each SKU is priced
 * by the engine as a cart holding one unit of it alone, with the customer's segments, tier and
 * promotion usage, at `at`. So the promotional price is what one unit costs bought by itself:
 * per-item promotions (percent or amount off, fixed price) apply; a promotion that needs more of
 * the cart (a minimum subtotal or quantity the one unit does not reach, n-th item, bundles, a
 * product it must contain) does not, nor one that needs a coupon. Reads only. Refusals:
 * `duplicate_sku` (every repeat, in one answer), `unknown_store`, `business_time_in_future`,
 * malformed customer identifiers.
 */
export async function priceSkus(
  deps: CalculateCartDeps,
  request: ShopPricesRequest,
): Promise<ShopPrices> {
  const { db } = deps;
  checkDistinctSkus(request.items);
  checkBusinessTime(request.at, deps.now().getTime(), deps.futureToleranceMs);
  const skus = request.items.map((item) => item.sku);
  const [store, cartCustomer, facts, tree, ruleset] = await Promise.all([
    deps.stores.get(request.storeId),
    loadCartCustomer(db, request.customer, deps.defaultCountry),
    deps.productFacts.get(skus),
    loadCategoryTree(db),
    deps.rulesets.current(),
  ]);
  if (!store) throw invalid('unknown_store', `No store with id "${request.storeId}"`, '/storeId');
  const now = request.at ?? deps.now().toISOString();
  const { customer, segmentIds } = cartCustomer;
  const customerId = customer.status === 'identified' ? customer.id : null;
  const [{ usage }, programme] = await Promise.all([
    cartUsage(db, {
      ruleset,
      codes: [],
      customerId,
      storeId: store.id,
      now: new Date(now),
      apiKeyId: null,
      couponLookups: deps.couponLookups,
    }),
    deps.programme.at(cartCustomer.configVersion),
  ]);
  const tier = customerId
    ? cartTier(programme.tiers, cartCustomer.storedTier)
    : cartTier(null, null);
  const context: CalculationContext = {
    now,
    store: { id: store.id, channel: store.channel, timeZone: store.timeZone },
    customer: customerId ? cartCustomerContext(ruleset, customerId, segmentIds, tier.tierId) : null,
    couponCodes: [],
    usage,
    pointValueMinor: programme.settings.pointValueMinor,
    currency: programme.settings.currency,
    // Points are no part of a shelf price, so no accrual rate: the engine's points go unread.
  };
  const currency = programme.settings.currency;
  const items = request.items.map((item): PricedSku => {
    if (!facts.has(item.sku)) return unknownSku(item.sku, item.regularPriceMinor);
    const [line] = buildCartLines(
      [{ lineId: '1', sku: item.sku, unitPriceMinor: item.regularPriceMinor, quantity: 1 }],
      facts,
      tree,
    );
    const calculation = calculate({ lines: line ? [line] : [] }, context, ruleset);
    const names = new Map(calculation.appliedPromotions.map((p) => [p.promotionId, p.name]));
    // One unit is never split; a gift line a promotion adds is not this SKU's price.
    const priced = calculation.lines.find((l) => l.lineId === '1' && !l.gift);
    const promotions = (priced?.promotions ?? []).map((p) => ({
      promotionId: p.promotionId,
      name: names.get(p.promotionId) ?? p.promotionId,
      discountMinor: p.discountMinor,
    }));
    // Check rounding is not a promotion and no part of a shelf price.
    const discountMinor = promotions.reduce((sum, p) => sum + p.discountMinor, 0);
    return {
      sku: item.sku,
      status: 'priced',
      regularPriceMinor: item.regularPriceMinor,
      priceMinor: item.regularPriceMinor - discountMinor,
      discountMinor,
      promotions,
      badge: badgeFor(item.regularPriceMinor, discountMinor, currency),
    };
  });
  return {
    storeId: store.id,
    pricedAt: now,
    customer,
    rulesetVersion: ruleset.version,
    items,
  };
}

function unknownSku(sku: string, regularPriceMinor: number): PricedSku {
  return {
    sku,
    status: 'unknown_sku',
    regularPriceMinor,
    priceMinor: null,
    discountMinor: null,
    promotions: [],
    badge: null,
  };
}

function checkDistinctSkus(items: readonly { sku: string }[]): void {
  const problems = new ProblemCollector();
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.sku))
      problems.add(`/items/${i}/sku`, 'duplicate_sku', `SKU "${item.sku}" is asked for twice`);
    seen.add(item.sku);
  });
  problems.throwIfAny();
}

/**
 * The badge a shop shows beside the price: the saving as a whole or decimal percent when it is
 * one exactly (1 000,00 → 850,00: "−15%"), else as money (999,00 → 899,00: "−100 ₽"), so a badge
 * never rounds what the customer saves.
 */
export function badgeFor(
  regularPriceMinor: number,
  discountMinor: number,
  currency: string,
): LocalizedText | null {
  if (discountMinor <= 0 || regularPriceMinor <= 0) return null;
  const scaled = discountMinor * 10_000;
  if (scaled % regularPriceMinor === 0) {
    const bp = scaled / regularPriceMinor;
    return { ru: `−${formatPercent(bp, 'ru')}`, en: `−${formatPercent(bp, 'en')}` };
  }
  return {
    ru: `−${formatMoney(discountMinor, 'ru', currency)}`,
    en: `−${formatMoney(discountMinor, 'en', currency)}`,
  };
}
