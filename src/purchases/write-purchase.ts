import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor.ts';
import { onPurchaseCommitted as progressCampaigns } from '../campaigns/purchase-progress.ts';
import { accrualExcludedLineIds } from '../carts/accrual-exclusions.ts';
import type { CartCalculation } from '../carts/calculate-cart.ts';
import { type PointsPlan, planPoints } from '../carts/points-plan.ts';
import type { Ruleset } from '../engine/ruleset/compile-ruleset.ts';
import { invalid, PerkError } from '../errors.ts';
import type { ProgramSettings } from '../ledger/program-settings.ts';
import { currentBalance, lockAccount } from '../points/accounts.ts';
import { accruePoints } from '../points/accrue-points.ts';
import { applyDueTransitions } from '../points/due-transitions.ts';
import { redeemPoints } from '../points/redeem-points.ts';
import { onPurchaseChanged } from '../segments/on-purchase-changed.ts';
import type { Db } from '../store/database.ts';
import { applyTierRates } from '../tiers/current-tier.ts';
import { onPurchaseCommitted } from '../tiers/tier-transitions.ts';
import type { CommitOptions, CommitRequest, Payment } from './commit-purchase.ts';
import { settleGiftCards } from './gift-card-payments.ts';
import type { PurchaseReceipt } from './purchase-receipt.ts';
import { insertPurchase } from './purchase-rows.ts';
import type { CardSale } from './sold-gift-cards.ts';
import { useMotivators } from './use-motivators.ts';

export interface PurchaseToWrite {
  settings: ProgramSettings;
  request: CommitRequest;
  calculation: CartCalculation;
  ruleset: Ruleset;
  customerId: string | null;
  giftCardSales: readonly CardSale[];
  integration: string;
  hash: string;
  actor: Actor;
  options: CommitOptions;
}

/**
 * Everything a commit writes, in the caller's transaction and in a fixed lock order: the
 * customer's points account (so two tills spending one balance queue), coupons, promotion
 * budgets, gift cards, then the purchase row whose unique (key, transaction) index makes a
 * concurrent retry fail here rather than write twice.
 */
export async function writePurchase(trx: Db, input: PurchaseToWrite): Promise<PurchaseReceipt> {
  const { request, calculation, customerId, options } = input;
  const purchaseId = randomUUID();
  const now = options.now().getTime();
  const businessAt = Date.parse(calculation.calculatedAt);
  const plan = await planWithBalance(trx, input, now);
  const ledger = customerId
    ? await bookPoints(trx, {
        purchaseId,
        customerId,
        plan,
        businessAt,
        now,
        settings: input.settings,
      })
    : null;
  await useMotivators(trx, { purchaseId, customerId, calculation, ruleset: input.ruleset });
  const giftCards = await settleGiftCards(trx, {
    purchaseId,
    payments: (request.payments ?? []).flatMap((payment, index) =>
      payment.kind === 'gift_card' ? [{ index, payment }] : [],
    ),
    sold: input.giftCardSales,
    now: new Date(businessAt),
    apiKeyId: input.actor.keyId,
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
    integrationKeyId: input.integration,
    requestHash: input.hash,
    customerId,
    calculation,
  });
  if (customerId) {
    // Tiers and segments count the purchase just written, so they run after it; the tier
    // outcome is stored on the receipt.
    await onPurchaseChanged(trx, { customerId, purchaseId, now });
    receipt.tier = await onPurchaseCommitted(trx, { customerId, purchaseId, businessAt, now });
    receipt.campaigns = await progressCampaigns(trx, { customerId, purchaseId, businessAt, now });
    await trx
      .updateTable('purchases')
      .set({ response: JSON.stringify(receipt) })
      .where('id', '=', purchaseId)
      .execute();
  }
  return receipt;
}

/** The points plan against the balance in force, the account locked for the rest of the commit. */
async function planWithBalance(
  trx: Db,
  input: PurchaseToWrite,
  now: number,
): Promise<Extract<PointsPlan, { ok: true }>> {
  const { calculation, customerId, request } = input;
  const requestedPoints = request.redeemPoints ?? 0;
  let activeBalance = 0;
  // Only spending needs the balance: lock first, so two tills spending one balance queue here,
  // then bring due activations and expiries up to date, so the balance checked is the one in
  // force. An accrual-only check leaves this to the points operations themselves.
  if (customerId && requestedPoints > 0) {
    await lockAccount(trx, customerId);
    await applyDueTransitions(trx, customerId, now);
    activeBalance = (await currentBalance(trx, customerId)).active;
  }
  const { settings } = input;
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
  return plan;
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
    settings: ProgramSettings;
  },
): Promise<
  BookedPoints | { activatesAt: null; expiresAt: null; balance: BookedPoints['balance'] }
> {
  const { purchaseId, customerId, plan, businessAt, now, settings } = input;
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
    settings,
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
    roundingMinor: calculation.roundingMinor,
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
    campaigns: [],
  };
}
