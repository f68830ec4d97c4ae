import type { Actor } from '../access/actor.ts';
import {
  type CalculateCartDeps,
  type CartCalculation,
  priceCart,
} from '../carts/calculate-cart.ts';
import { conflict, invalid } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { KeyedQueue } from '../store/keyed-queue.ts';
import { isUniqueViolation } from '../store/unique-violation.ts';
import type { CommitOptions, CommitRequest } from './commit-request.ts';
import type { PurchaseHandler } from './purchase-handler.ts';
import type { PurchaseReceipt } from './purchase-receipt.ts';
import { findPurchaseByTransaction, requestHash } from './purchase-rows.ts';
import { cardSales } from './sold-gift-cards.ts';
import { writePurchase } from './write-purchase.ts';

/** What a commit needs besides the pricing: the handlers and the node's queue of customers. */
export interface CommitDeps extends CalculateCartDeps {
  handlers: readonly PurchaseHandler[];
  /** The node's turns per customer: one commit's transaction at a time for each. */
  customerTurns: KeyedQueue;
}

/**
 * Commits a purchase: prices the cart again as `calculate` would, checks the points to redeem
 * against the locked balance and the programme limits, and writes the purchase, its lines, its
 * calculation trace and the ledger entries in one transaction. Idempotent per (API key,
 * transactionId): the same body answers the stored receipt and writes nothing; another body is
 * 409 `transaction_conflict`. Refusals: those of `calculateCart`, `customer_required_for_points`,
 * `redemption_exceeds_balance` (409), `redemption_exceeds_limit`, `redemption_not_allowed`,
 * `payments_mismatch`, those of `cardSales` (400), `gift_card_refused`, `gift_card_not_sellable`
 * (409).
 */
export async function commitPurchase(
  deps: CommitDeps,
  actor: Actor,
  request: CommitRequest,
  options: CommitOptions,
): Promise<{ receipt: PurchaseReceipt; replayed: boolean }> {
  const integration = actor.keyId ?? '00000000-0000-0000-0000-000000000000';
  // A PIN is a secret: it takes no part in the stored hash (a retry need not repeat it exactly).
  const payments = request.payments?.map((p) =>
    p.kind === 'gift_card' ? { ...p, giftCard: { number: p.giftCard.number } } : p,
  );
  const hash = requestHash({ ...request, payments, offline: options.offline ?? false });
  const earlier = await replay(deps.db, integration, request.transactionId, hash);
  if (earlier) return { receipt: earlier, replayed: true };
  const { calculation, ruleset, programme, segmentIds } = await priceCart(deps, request, {
    rulesInForceAt: options.offline ?? false,
    apiKeyId: actor.keyId,
  });
  const customerId = checkPriced(request, calculation);
  const giftCardSales = cardSales(request.lines, request.giftCardsSold ?? []);
  const write = () =>
    deps.db.transaction().execute((trx) =>
      writePurchase(trx, {
        programme,
        request,
        calculation,
        ruleset,
        customerId,
        segmentIds,
        giftCardSales,
        integration,
        hash,
        actor,
        options,
        handlers: deps.handlers,
      }),
    );
  try {
    // Priced first, side by side; the customer's writes then queue here, not on their row lock.
    const receipt = await (customerId ? deps.customerTurns.run(customerId, write) : write());
    return { receipt, replayed: false };
  } catch (error) {
    // A concurrent retry of the same check won the insert: answer as a retry does.
    if (isUniqueViolation(error)) {
      const winner = await replay(deps.db, integration, request.transactionId, hash);
      if (winner) return { receipt: winner, replayed: true };
    }
    throw error;
  }
}

async function replay(
  db: Db,
  integration: string,
  transactionId: string,
  hash: string,
): Promise<PurchaseReceipt | null> {
  const earlier = await findPurchaseByTransaction(db, integration, transactionId);
  if (!earlier) return null;
  if (earlier.requestHash !== hash) {
    throw conflict(
      'transaction_conflict',
      `Transaction "${transactionId}" was committed with a different body`,
      '/transactionId',
      {
        purchaseId: earlier.receipt.purchaseId,
      },
    );
  }
  return earlier.receipt;
}

/** Refusals decided by the fresh price alone; answers the customer id (null when anonymous). */
function checkPriced(request: CommitRequest, calculation: CartCalculation): string | null {
  const expected = request.expectedTotalMinor;
  if (expected !== undefined && expected !== calculation.totalMinor) {
    throw conflict(
      'total_changed',
      `The check now totals ${calculation.totalMinor}, not ${expected}`,
      '/expectedTotalMinor',
      {
        totalMinor: calculation.totalMinor,
        // A code refused since the till's calculation is the usual cause: say which and why.
        coupons: calculation.coupons.filter((coupon) => !coupon.accepted),
      },
    );
  }
  const customerId = calculation.customer.status === 'identified' ? calculation.customer.id : null;
  if ((request.redeemPoints ?? 0) > 0 && !customerId) {
    throw invalid(
      'customer_required_for_points',
      'Points can be redeemed only by an identified customer',
      '/redeemPoints',
    );
  }
  return customerId;
}
