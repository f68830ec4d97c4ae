import { randomUUID } from 'node:crypto';
import { loadCategoryTree } from '../catalogue/categories.ts';
import { loadProductFacts } from '../catalogue/product-facts.ts';
import { calculate } from '../engine/calculate/calculate.ts';
import type { Calculation } from '../engine/model/calculation.ts';
import type { CartLine } from '../engine/model/cart.ts';
import type { CalculationContext, ManualDiscountRequest } from '../engine/model/context.ts';
import type { Ruleset } from '../engine/ruleset/compile-ruleset.ts';
import { invalid } from '../errors.ts';
import { accrualRateBpFor } from '../ledger/program-settings.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { RulesetCache } from '../promotions/ruleset-cache.ts';
import { segmentIdsFor } from '../segments/memberships.ts';
import type { Db } from '../store/database.ts';
import type { StoreCache } from '../stores/store-cache.ts';
import { applyTierRates, type CartTier, tierForCart } from '../tiers/current-tier.ts';
import { buildCartLines, type RequestLine } from './cart-lines.ts';
import { cartUsage, withCouponReasons } from './cart-usage.ts';
import {
  type CustomerReference,
  type ResolvedCustomer,
  resolveCustomer,
} from './customer-reference.ts';

export interface CalculateCartRequest {
  storeId: string;
  /** The purchase's business instant; defaults to now. An offline till sends the check's own time. */
  at?: string;
  customer?: CustomerReference;
  lines: RequestLine[];
  couponCodes?: string[];
  manualDiscount?: ManualDiscountRequest;
}

export interface CartCalculation extends Calculation {
  /** The lines with the product facts the engine saw: part of the trace. */
  cartLines: CartLine[];
  calculationId: string;
  calculatedAt: string;
  storeId: string;
  customer: ResolvedCustomer;
  /** The customer's tier and the rates it sets (accrual, redemption share), for the points plan. */
  tier: CartTier;
}

export interface CalculateCartDeps {
  db: Db;
  rulesets: RulesetCache;
  stores: StoreCache;
  defaultCountry: string;
  now: () => Date;
}

const noTier: CartTier = {
  tierId: null,
  rates: { accrualRateBp: null, maxRedemptionShareBp: null, discountBp: null },
};

export interface PriceCartOptions {
  /** Price by the ruleset in force at `request.at` (offline checks) instead of the current one. */
  rulesInForceAt?: boolean;
  /** The caller's API key, for the failed coupon lookup limit. */
  apiKeyId?: string | null;
}

/**
 * Prices a cart: resolves the store, the customer and the products' facts, then runs the engine
 * on the current ruleset. Reads only; safe to repeat. Refusals: `unknown_store`, the line problems
 * of `buildCartLines`, malformed customer identifiers.
 */
export async function priceCart(
  deps: CalculateCartDeps,
  request: CalculateCartRequest,
  options: PriceCartOptions = {},
): Promise<{ calculation: CartCalculation; ruleset: Ruleset }> {
  const { db } = deps;
  const skus = [...new Set(request.lines.map((line) => line.sku))];
  const [store, customer, facts, tree, ruleset] = await Promise.all([
    deps.stores.get(request.storeId),
    resolveCustomer(db, request.customer, deps.defaultCountry),
    loadProductFacts(db, skus),
    loadCategoryTree(db),
    // An offline check is priced by the rules of its own time; a live one by today's.
    options.rulesInForceAt && request.at
      ? deps.rulesets.asOf(new Date(request.at))
      : deps.rulesets.current(),
  ]);
  if (!store) throw invalid('unknown_store', `No store with id "${request.storeId}"`, '/storeId');
  const lines = buildCartLines(request.lines, facts, tree);
  const now = request.at ?? deps.now().toISOString();
  const customerId = customer.status === 'identified' ? customer.id : null;
  const [{ couponCodes, coupons, usage }, tier, segmentIds, settings] = await Promise.all([
    cartUsage(db, {
      ruleset,
      codes: request.couponCodes ?? [],
      customerId,
      storeId: store.id,
      now: new Date(now),
      apiKeyId: options.apiKeyId ?? null,
    }),
    customerId ? tierForCart(db, customerId) : noTier,
    customerId ? segmentIdsFor(db, customerId) : [],
    // The customer's base accrual rate, which a points multiplier ("double points") multiplies.
    customerId ? getProgramSettings(db) : null,
  ]);
  const context: CalculationContext = {
    now,
    store: { id: store.id, channel: store.channel, timeZone: store.timeZone },
    customer: customerId ? { id: customerId, segmentIds, tierId: tier.tierId } : null,
    couponCodes,
    usage,
    ...(request.manualDiscount ? { manualDiscount: request.manualDiscount } : {}),
    ...(settings
      ? {
          accrualRateBp: accrualRateBpFor(
            applyTierRates(settings, tier.tierId, tier.rates),
            tier.tierId,
          ),
        }
      : {}),
  };
  const calculation = calculate({ lines }, context, ruleset);
  return {
    calculation: {
      calculationId: randomUUID(),
      calculatedAt: context.now,
      storeId: store.id,
      customer,
      tier,
      ...calculation,
      coupons: withCouponReasons(calculation.coupons, coupons),
      cartLines: lines,
    },
    ruleset,
  };
}

/** {@link priceCart} for callers that need only the calculation. */
export async function calculateCart(
  deps: CalculateCartDeps,
  request: CalculateCartRequest,
  options: PriceCartOptions = {},
): Promise<CartCalculation> {
  return (await priceCart(deps, request, options)).calculation;
}
