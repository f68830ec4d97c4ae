import { type CartCalculation, calculateCart, priceCart } from '../carts/calculate-cart.ts';
import { previewPoints } from '../carts/points-preview.ts';
import { PerkError } from '../errors.ts';
import { commitPurchase } from '../purchases/commit-purchase.ts';
import type { PurchaseReceipt } from '../purchases/purchase-receipt.ts';
import { findPurchaseByTransaction, loadPurchaseTrace } from '../purchases/purchase-rows.ts';
import { BodyReader } from './body-reader.ts';
import type { MindboxCall, MindboxDeps } from './mindbox-deps.ts';
import { type OrderPoints, orderAnswer } from './order-answer.ts';
import { type MindboxOrder, readOrder } from './order-request.ts';
import { wholeLines } from './whole-lines.ts';

type Json = Record<string, unknown>;

// Commits made without an API key (the command line) share one integration id, as /v1 does.
const noKey = '00000000-0000-0000-0000-000000000000';

/** Reads the order of a call; `anonymous` drops the customer (the *Unauthorized* operations). */
function orderOf(deps: MindboxDeps, call: MindboxCall, anonymous: boolean): MindboxOrder {
  const reader = new BodyReader();
  const order = readOrder(reader, call.body, deps.config.storeId);
  reader.problems.throwIfAny();
  if (!anonymous) return order;
  const { customer: _dropped, ...cart } = order.cart;
  return { ...order, customer: undefined, cart };
}

/**
 * Calculate*Order: prices the order as /v1/carts/calculate does and previews the points it
 * would spend and earn. Reads only.
 */
export async function calculateOrder(
  deps: MindboxDeps,
  call: MindboxCall,
  anonymous: boolean,
): Promise<Json> {
  const order = orderOf(deps, call, anonymous);
  const { calculation, balance } = await priceCart(deps.commit, order.cart, {
    apiKeyId: call.actor.keyId,
    withBalance: true,
  });
  const preview = await previewPoints(deps.commit, calculation, order.redeemPoints, balance);
  return orderAnswer(calculation, order, previewedPoints(preview, order.redeemPoints), {
    processingStatus: 'Calculated',
  });
}

/**
 * Create*Order and SaveOfflineOrder: commits the order as /v1/purchases (or its offline twin)
 * does, idempotent by the query's `transactionId` (else the first of `order.ids`): a retry
 * answers the same order and writes nothing. When `order.totalPrice` is sent and the order now
 * prices otherwise, nothing is written and the answer is `PriceHasBeenChanged` with the new price.
 */
export async function createOrder(
  deps: MindboxDeps,
  call: MindboxCall,
  options: { anonymous: boolean; offline: boolean },
): Promise<Json> {
  const order = orderOf(deps, call, options.anonymous);
  if (options.offline && order.cart.at === undefined)
    throw new PerkError('invalid', 'time_required', 'An offline order needs its time', {
      field: '/at',
    });
  const transactionId = call.transactionId ?? firstOrderId(order);
  if (transactionId === undefined)
    throw new PerkError('invalid', 'transaction_required', 'Send transactionId, or order.ids', {
      field: '/transactionId',
    });
  const integration = call.actor.keyId ?? noKey;
  const earlier = await findPurchaseByTransaction(deps.commit.db, integration, transactionId);
  let expectedTotalMinor = earlier?.receipt.totalMinor;
  if (!earlier && !options.offline) {
    const calculation = await calculateCart(deps.commit, order.cart, {
      apiKeyId: call.actor.keyId,
    });
    if (order.shownTotalMinor !== undefined && wholeTotal(calculation) !== order.shownTotalMinor)
      return changedPrice(deps, order, calculation);
    expectedTotalMinor = calculation.totalMinor;
  }
  let receipt: PurchaseReceipt;
  try {
    ({ receipt } = await commitPurchase(
      deps.commit,
      call.actor,
      {
        ...order.cart,
        transactionId,
        ...(order.redeemPoints > 0 ? { redeemPoints: order.redeemPoints } : {}),
        ...(options.offline ? {} : { expectedTotalMinor }),
      },
      { now: deps.commit.now, offline: options.offline },
    ));
  } catch (error) {
    // Priced otherwise between the check above and the commit: answered as the check would.
    if (!(error instanceof PerkError) || error.code !== 'total_changed') throw error;
    const calculation = await calculateCart(deps.commit, order.cart, {
      apiKeyId: call.actor.keyId,
    });
    return changedPrice(deps, order, calculation);
  }
  const trace = await loadPurchaseTrace(deps.commit.db, receipt.purchaseId);
  return orderAnswer(trace, order, committedPoints(receipt), {
    processingStatus: 'Created',
    ids: { ...order.ids, mindboxId: receipt.purchaseId },
  });
}

/** What the client is shown as `totalPrice`: the sum of the whole lines. */
function wholeTotal(calculation: CartCalculation): number {
  return wholeLines(calculation.lines).lines.reduce((sum, line) => sum + line.totalMinor, 0);
}

/** The order at its new price, `PriceHasBeenChanged`; nothing is written. */
async function changedPrice(
  deps: MindboxDeps,
  order: MindboxOrder,
  calculation: CartCalculation,
): Promise<Json> {
  const preview = await previewPoints(deps.commit, calculation, order.redeemPoints);
  return orderAnswer(calculation, order, previewedPoints(preview, order.redeemPoints), {
    processingStatus: 'PriceHasBeenChanged',
  });
}

function firstOrderId(order: MindboxOrder): string | undefined {
  for (const value of Object.values(order.ids)) {
    if (typeof value === 'string' && value.trim() !== '' && value.length <= 100)
      return value.trim();
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  }
  return undefined;
}

function previewedPoints(
  preview: Awaited<ReturnType<typeof previewPoints>>,
  requested: number,
): OrderPoints {
  return {
    available: preview ? preview.balance.active : null,
    blocked: preview?.balance.pending ?? 0,
    availableForOrder: preview?.maxRedeemablePoints ?? 0,
    earned: preview?.accruedPoints ?? 0,
    spent: preview && preview.redemptionRefusal === null ? requested : 0,
    spentByLine: new Map(),
  };
}

function committedPoints(receipt: PurchaseReceipt): OrderPoints {
  const spentByLine = new Map<string, number>();
  for (const line of receipt.lines) {
    if (line.redeemedPoints > 0)
      spentByLine.set(line.lineId, (spentByLine.get(line.lineId) ?? 0) + line.redeemedPoints);
  }
  return {
    available: receipt.balance ? receipt.balance.active : null,
    blocked: receipt.balance?.pending ?? 0,
    availableForOrder: 0,
    earned: receipt.accruedPoints,
    spent: receipt.redeemedPoints,
    spentByLine,
  };
}
