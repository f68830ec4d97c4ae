import { randomUUID } from 'node:crypto';
import { loadCategoryTree } from '../catalogue/categories.ts';
import type { ProductFactsSource } from '../catalogue/product-facts-cache.ts';
import type { FailedLookupLimiter } from '../coupons/failure-limiter.ts';
import { calculate } from '../engine/calculate/calculate.ts';
import type { Calculation } from '../engine/model/calculation.ts';
import type { CartLine } from '../engine/model/cart.ts';
import type { CalculationContext, ManualDiscountRequest } from '../engine/model/context.ts';
import type { Ruleset } from '../engine/ruleset/compile-ruleset.ts';
import { invalid } from '../errors.ts';
import { accrualRateBpFor } from '../ledger/program-settings.ts';
import type { AccountBalance } from '../points/accounts.ts';
import type { Programme, ProgrammeCache } from '../programme/programme-cache.ts';
import { cartCustomerContext } from '../promotions/holdout.ts';
import type { RulesetCache } from '../promotions/ruleset-cache.ts';
import type { Db } from '../store/database.ts';
import type { StoreCache } from '../stores/store-cache.ts';
import { applyTierRates, type CartTier, cartTier } from '../tiers/current-tier.ts';
import { checkBusinessTime, checkWhatIfTime } from './business-time.ts';
import { loadCartCustomer } from './cart-customer.ts';
import { buildCartLines, type RequestLine } from './cart-lines.ts';
import { cartUsage, withCouponReasons } from './cart-usage.ts';
import type { CustomerReference, ResolvedCustomer } from './customer-reference.ts';

export interface CalculateCartRequest {
  storeId: string;
  /** The purchase's business instant; defaults to now. An offline till sends the check's own time. */
  at?: string;
  customer?: CustomerReference;
  lines: RequestLine[];
  couponCodes?: string[];
  manualDiscount?: ManualDiscountRequest;
  /** Which promotions the answer explains (the engine's default: `relevant`). */
  explain?: CalculationContext['explain'];
  /**
   * A what-if price ("what will this cart cost on 15 February"): `at` may lie ahead of the clock
   * (at most ten years); the promotions are judged at `at`, the customer as of
   * now. Never committed: a commit has no such field and keeps the clock check.
   */
  whatIf?: boolean;
}

export interface CartCalculation extends Calculation {
  /** The lines with the product facts the engine saw: part of the trace. */
  cartLines: CartLine[];
  calculationId: string;
  calculatedAt: string;
  /** Priced as a what-if (`whatIf: true`): not a till's price, never committed. */
  whatIf: boolean;
  storeId: string;
  customer: ResolvedCustomer;
  /** The customer's tier and the rates it sets (accrual, redemption share), for the points plan. */
  tier: CartTier;
}

export interface CalculateCartDeps {
  db: Db;
  rulesets: RulesetCache;
  stores: StoreCache;
  programme: ProgrammeCache;
  defaultCountry: string;
  now: () => Date;
  /** How far ahead of `now` a business time may be (PERK_FUTURE_TOLERANCE_SECONDS). */
  futureToleranceMs: number;
  /** The node's limiter of unknown coupon codes. */
  couponLookups: FailedLookupLimiter;
  /** The products' facts: the node's cache, dropped on every catalogue change. */
  productFacts: ProductFactsSource;
}

export interface PriceCartOptions {
  /** Price by the ruleset in force at `request.at` (offline checks) instead of the current one. */
  rulesInForceAt?: boolean;
  /** The caller's API key, for the failed coupon lookup limit. */
  apiKeyId?: string | null;
  /** Price by this ruleset instead (a promotion's preview: a draft compiled into the current one). */
  ruleset?: Ruleset;
  /**
   * Read the customer's points due by the calculation's instant (a what-if's: now) with the
   * customer, for the till's preview; a commit reads them under the account's lock instead.
   */
  withBalance?: boolean;
}

/** A priced cart with what a commit plans with besides the calculation. */
export interface PricedCart {
  calculation: CartCalculation;
  ruleset: Ruleset;
  programme: Programme;
  /** The segments the customer is in (none when anonymous). */
  segmentIds: readonly string[];
  /** The customer's points, when asked for `withBalance` (null otherwise, or without customer). */
  balance: AccountBalance | null;
}

/**
 * Prices a cart: resolves the store, the customer (with its tier and segments, in one read) and
 * the products' facts, then runs the engine on the current ruleset. The programme (settings,
 * tiers) comes from the cache at the version read with the customer, and is answered for the
 * commit to plan with. Reads only; safe to repeat. Refusals: `business_time_in_future` (or for
 * a what-if `what_if_too_far`) and `business_time_too_early` (422), `unknown_store`, the line
 * problems of `buildCartLines`, malformed customer identifiers.
 */
export async function priceCart(
  deps: CalculateCartDeps,
  request: CalculateCartRequest,
  options: PriceCartOptions = {},
): Promise<PricedCart> {
  const { db } = deps;
  // A till's clock running ahead is caught; a what-if asks about the future on purpose.
  if (request.whatIf) checkWhatIfTime(request.at, deps.now().getTime());
  else checkBusinessTime(request.at, deps.now().getTime(), deps.futureToleranceMs);
  const skus = [...new Set(request.lines.map((line) => line.sku))];
  const now = request.at ?? deps.now().toISOString();
  const balanceAt = options.withBalance ? (request.whatIf ? deps.now() : new Date(now)) : undefined;
  const [store, cartCustomer, facts, tree, ruleset] = await Promise.all([
    deps.stores.get(request.storeId),
    loadCartCustomer(db, request.customer, deps.defaultCountry, balanceAt),
    deps.productFacts.get(skus),
    loadCategoryTree(db),
    // An offline check is priced by the rules of its own time; a live one by today's.
    options.ruleset ??
      (options.rulesInForceAt && request.at
        ? deps.rulesets.asOf(new Date(request.at))
        : deps.rulesets.current()),
  ]);
  if (!store) throw invalid('unknown_store', `No store with id "${request.storeId}"`, '/storeId');
  const lines = buildCartLines(request.lines, facts, tree);
  const { customer, segmentIds } = cartCustomer;
  const customerId = customer.status === 'identified' ? customer.id : null;
  const [{ couponCodes, coupons, usage }, programme] = await Promise.all([
    cartUsage(db, {
      ruleset,
      codes: request.couponCodes ?? [],
      customerId,
      storeId: store.id,
      now: new Date(now),
      apiKeyId: options.apiKeyId ?? null,
      couponLookups: deps.couponLookups,
    }),
    deps.programme.at(cartCustomer.configVersion),
  ]);
  const tier: CartTier = customerId
    ? cartTier(programme.tiers, cartCustomer.storedTier)
    : cartTier(null, null);
  const context: CalculationContext = {
    now,
    store: { id: store.id, channel: store.channel, timeZone: store.timeZone },
    customer: customerId ? cartCustomerContext(ruleset, customerId, segmentIds, tier.tierId) : null,
    couponCodes,
    usage,
    pointValueMinor: programme.settings.pointValueMinor,
    currency: programme.settings.currency,
    ...(request.manualDiscount ? { manualDiscount: request.manualDiscount } : {}),
    // The customer's base accrual rate, which a points multiplier ("double points") multiplies.
    ...(customerId
      ? {
          accrualRateBp: accrualRateBpFor(
            applyTierRates(programme.settings, tier.tierId, tier.rates),
            tier.tierId,
          ),
        }
      : {}),
    ...(request.explain ? { explain: request.explain } : {}),
  };
  const calculation = calculate({ lines }, context, ruleset);
  return {
    calculation: {
      calculationId: randomUUID(),
      calculatedAt: context.now,
      whatIf: request.whatIf === true,
      storeId: store.id,
      customer,
      tier,
      ...calculation,
      coupons: withCouponReasons(calculation.coupons, coupons),
      cartLines: lines,
    },
    ruleset,
    programme,
    segmentIds,
    balance: cartCustomer.balance,
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
