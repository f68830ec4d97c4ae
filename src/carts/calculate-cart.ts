import { randomUUID } from 'node:crypto';
import { loadCategoryTree } from '../catalogue/categories.ts';
import { loadProductFacts } from '../catalogue/product-facts.ts';
import { calculate } from '../engine/calculate/calculate.ts';
import type { Calculation } from '../engine/model/calculation.ts';
import type { CartLine } from '../engine/model/cart.ts';
import type { CalculationContext, ManualDiscountRequest } from '../engine/model/context.ts';
import { invalid } from '../errors.ts';
import type { RulesetCache } from '../promotions/ruleset-cache.ts';
import type { Db } from '../store/database.ts';
import type { StoreCache } from '../stores/store-cache.ts';
import { buildCartLines, type RequestLine } from './cart-lines.ts';
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
}

export interface CalculateCartDeps {
  db: Db;
  rulesets: RulesetCache;
  stores: StoreCache;
  defaultCountry: string;
  now: () => Date;
}

/**
 * Prices a cart: resolves the store, the customer and the products' facts, then runs the engine
 * on the current ruleset. Reads only; safe to repeat. Refusals: `unknown_store`, the line problems
 * of `buildCartLines`, malformed customer identifiers.
 */
export async function calculateCart(
  deps: CalculateCartDeps,
  request: CalculateCartRequest,
  options: { rulesInForceAt?: boolean } = {},
): Promise<CartCalculation> {
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
  const context: CalculationContext = {
    now: request.at ?? deps.now().toISOString(),
    store: { id: store.id, channel: store.channel, timeZone: store.timeZone },
    customer:
      customer.status === 'identified' ? { id: customer.id, segmentIds: [], tierId: null } : null,
    // Coupon series arrive with their own module; until then every entered code is unknown.
    couponCodes: (request.couponCodes ?? []).map((code) => ({
      code,
      valid: false,
      reason: 'unknown',
    })),
    usage: {},
    ...(request.manualDiscount ? { manualDiscount: request.manualDiscount } : {}),
  };
  const calculation = calculate({ lines }, context, ruleset);
  return {
    calculationId: randomUUID(),
    calculatedAt: context.now,
    storeId: store.id,
    customer,
    ...calculation,
    cartLines: lines,
  };
}
