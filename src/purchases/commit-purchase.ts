import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor.ts';
import { accrualExcludedLineIds } from '../carts/accrual-exclusions.ts';
import {
  type CalculateCartDeps,
  type CalculateCartRequest,
  type CartCalculation,
  priceCart,
} from '../carts/calculate-cart.ts';
import { type PointsPlan, planPoints } from '../carts/points-plan.ts';
import { conflict, invalid, PerkError } from '../errors.ts';
import { currentBalance, lockAccount } from '../points/accounts.ts';
import { accruePoints } from '../points/accrue-points.ts';
import { applyDueTransitions } from '../points/due-transitions.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import { redeemPoints } from '../points/redeem-points.ts';
import type { Db } from '../store/database.ts';
import { isUniqueViolation } from '../store/unique-violation.ts';
import { applyTierRates } from '../tiers/current-tier.ts';
import { onPurchaseCommitted } from '../tiers/tier-transitions.ts';
import { type GiftCardPayment, settleGiftCards } from './gift-card-payments.ts';
import type { PurchaseReceipt } from './purchase-receipt.ts';
import { findPurchaseByTransaction, insertPurchase, requestHash } from './purchase-rows.ts';
import { useMotivators } from './use-motivators.ts';

export type Payment =
  | { kind: 'cash' | 'bank_card' | 'other'; amountMinor: number }
  | GiftCardPayment;

export interface CommitRequest extends CalculateCartRequest {
  /** The till's own id of the check: the idempotency key, per API key. */
  transactionId: string;
  redeemPoints?: number;
  payments?: Payment[];
  /** Numbers of gift cards sold in this check: activated when it commits. */
  giftCardsSold?: string[];
  /**
   * The total the till showed the customer. When the check prices differently now (a coupon or
   * budget used up meanwhile, a promotion changed), the commit is refused instead of charging
   * another price.
   */
  expectedTotalMinor?: number;
}

export interface CommitOptions {
  /** An offline check uploaded later: accrual only, no redemption. */
  offline?: boolean;
  now: () => Date;
}

/**
 * Commits a purchase: prices the cart again as `calculate` would, checks the points to redeem
 * against the locked balance and the programme limits, and writes the purchase, its lines, its
 * calculation trace and the ledger entries in one transaction. Idempotent per (API key,
 * transactionId): the same body answers the stored receipt and writes nothing; another body is
 * 409 `transaction_conflict`. Refusals: those of `calculateCart`, `customer_required_for_points`,
 * `redemption_exceeds_balance` (409), `redemption_exceeds_limit`, `redemption_not_allowed`,
 * `payments_mismatch` (400).
 */
export async function commitPurchase(
  deps: CalculateCartDeps,
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
  const requestedPoints = request.redeemPoints ?? 0;
  const { calculation, ruleset } = await priceCart(deps, request, {
    rulesInForceAt: options.offline ?? false,
    apiKeyId: actor.keyId,
  });
  if (
    request.expectedTotalMinor !== undefined &&
    request.expectedTotalMinor !== calculation.totalMinor
  ) {
    throw conflict(
      'total_changed',
      `The check now totals ${calculation.totalMinor}, not ${request.expectedTotalMinor}`,
      '/expectedTotalMinor',
      {
        totalMinor: calculation.totalMinor,
      },
    );
  }
  const customerId = calculation.customer.status === 'identified' ? calculation.customer.id : null;
  if (requestedPoints > 0 && !customerId) {
    throw invalid(
      'customer_required_for_points',
      'Points can be redeemed only by an identified customer',
      '/redeemPoints',
    );
  }
  const settings = await getProgramSettings(deps.db);
  const now = options.now().getTime();
  const businessAt = Date.parse(calculation.calculatedAt);
  try {
    const receipt = await deps.db.transaction().execute(async (trx) => {
      const purchaseId = randomUUID();
      let activeBalance = 0;
      if (customerId) {
        // Lock first, so two tills spending one balance queue here; then bring due activations
        // and expiries up to date, so the balance checked is the one in force.
        await lockAccount(trx, customerId);
        await applyDueTransitions(trx, customerId, now);
        activeBalance = (await currentBalance(trx, customerId)).active;
      }
      const plan = planPoints({
        lines: calculation.lines,
        settings: applyTierRates(settings, calculation.tier.tierId, calculation.tier.rates),
        tierId: calculation.tier.tierId,
        activeBalance,
        requestedPoints,
        accrues: customerId !== null,
        excludedLineIds: accrualExcludedLineIds(settings, calculation.cartLines),
      });
      if (!plan.ok) throw redemptionRefused(plan);
      checkPayments(
        request.payments,
        plan.lines.reduce((sum, line) => sum + line.paidMinor, 0),
      );
      const ledger = customerId
        ? await bookPoints(trx, { purchaseId, customerId, plan, businessAt, now })
        : null;
      await useMotivators(trx, { purchaseId, customerId, calculation, ruleset });
      const giftCards = await settleGiftCards(trx, {
        purchaseId,
        payments: (request.payments ?? []).flatMap((payment, index) =>
          payment.kind === 'gift_card' ? [{ index, payment }] : [],
        ),
        sold: request.giftCardsSold ?? [],
        now: new Date(businessAt),
        apiKeyId: actor.keyId,
      });
      const receipt = toReceipt(
        purchaseId,
        request.transactionId,
        calculation,
        plan,
        ledger,
        options.offline ?? false,
      );
      receipt.giftCards = giftCards;
      await insertPurchase(trx, {
        receipt,
        integrationKeyId: integration,
        requestHash: hash,
        customerId,
        calculation,
      });
      if (customerId) {
        receipt.tier = await onPurchaseCommitted(trx, { customerId, purchaseId, businessAt, now });
        await trx
          .updateTable('purchases')
          .set({ response: JSON.stringify(receipt) })
          .where('id', '=', purchaseId)
          .execute();
      }
      return receipt;
    });
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

function redemptionRefused(plan: Extract<PointsPlan, { ok: false }>): PerkError {
  const kind = plan.code === 'redemption_exceeds_balance' ? 'conflict' : 'invalid';
  return new PerkError(kind, plan.code, `At most ${plan.maxPoints} points can pay for this check`, {
    field: '/redeemPoints',
    details: { maxPoints: plan.maxPoints },
  });
}

function checkPayments(payments: Payment[] | undefined, paidMinor: number): void {
  if (!payments) return;
  const sum = payments.reduce((total, payment) => total + payment.amountMinor, 0);
  if (sum !== paidMinor) {
    throw invalid(
      'payments_mismatch',
      `Payments add up to ${sum}, the check asks ${paidMinor} in money`,
      '/payments',
      { paidMinor },
    );
  }
}

interface BookedPoints {
  activatesAt: number;
  expiresAt: number | null;
  balance: { active: number; pending: number; debt: number };
}

async function bookPoints(
  trx: Db,
  input: {
    purchaseId: string;
    customerId: string;
    plan: Extract<PointsPlan, { ok: true }>;
    businessAt: number;
    now: number;
  },
): Promise<
  BookedPoints | { activatesAt: null; expiresAt: null; balance: BookedPoints['balance'] }
> {
  const { purchaseId, customerId, plan, businessAt, now } = input;
  if (plan.redeemedPoints > 0) {
    await redeemPoints(trx, {
      operationId: `purchase:${purchaseId}:redeem`,
      customerId,
      purchaseId,
      points: plan.redeemedPoints,
      now: businessAt,
    });
  }
  const accrued = await accruePoints(trx, {
    operationId: `purchase:${purchaseId}:accrue`,
    customerId,
    purchaseId,
    points: plan.accruedPoints,
    earnedAt: businessAt,
    now,
  });
  const { lot, balance } = accrued.result;
  return lot
    ? { activatesAt: lot.activatesAt, expiresAt: lot.expiresAt, balance }
    : { activatesAt: null, expiresAt: null, balance };
}

function toReceipt(
  purchaseId: string,
  transactionId: string,
  calculation: CartCalculation,
  plan: Extract<PointsPlan, { ok: true }>,
  ledger: Awaited<ReturnType<typeof bookPoints>> | null,
  offline: boolean,
): PurchaseReceipt {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    purchaseId,
    transactionId,
    storeId: calculation.storeId,
    businessAt: calculation.calculatedAt,
    offline,
    customer: calculation.customer,
    rulesetVersion: calculation.rulesetVersion,
    calculationId: calculation.calculationId,
    lines: plan.lines,
    subtotalMinor: calculation.subtotalMinor,
    discountMinor: calculation.discountMinor,
    totalMinor: calculation.totalMinor,
    redeemedPoints: plan.redeemedPoints,
    redeemedMoneyMinor: plan.redeemedMoneyMinor,
    paidMinor: calculation.totalMinor - plan.redeemedMoneyMinor,
    accruedPoints: plan.accruedPoints,
    accrual:
      ledger?.activatesAt != null
        ? { activatesAt: iso(ledger.activatesAt) as string, expiresAt: iso(ledger.expiresAt) }
        : null,
    balance: ledger ? ledger.balance : null,
    appliedPromotions: calculation.appliedPromotions,
    receiptMessages: calculation.receiptMessages,
    giftCards: [],
    tier: null,
  };
}
