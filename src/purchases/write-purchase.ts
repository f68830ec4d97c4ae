import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor.ts';
import { accrualExcludedLineIds } from '../carts/accrual-exclusions.ts';
import type { CartCalculation } from '../carts/calculate-cart.ts';
import { type PointsPlan, planPoints } from '../carts/points-plan.ts';
import type { Ruleset } from '../engine/ruleset/compile-ruleset.ts';
import { invalid, PerkError } from '../errors.ts';
import type { AccountBalance } from '../points/accounts.ts';
import { accrueInFrame } from '../points/accrue-points.ts';
import { operationHash } from '../points/operations.ts';
import { PointsFrame } from '../points/points-frame.ts';
import { redeemInFrame } from '../points/redeem-points.ts';
import type { Programme } from '../programme/programme-cache.ts';
import type { Db } from '../store/database.ts';
import { applyTierRates } from '../tiers/current-tier.ts';
import type { CommitOptions, CommitRequest, Payment } from './commit-request.ts';
import type { CommitEvent, PurchaseHandler } from './purchase-handler.ts';
import type { PurchaseReceipt } from './purchase-receipt.ts';
import { insertPurchase } from './purchase-rows.ts';
import type { CardSale } from './sold-gift-cards.ts';

export interface PurchaseToWrite {
  programme: Programme;
  request: CommitRequest;
  calculation: CartCalculation;
  ruleset: Ruleset;
  customerId: string | null;
  segmentIds: readonly string[];
  giftCardSales: readonly CardSale[];
  integration: string;
  hash: string;
  actor: Actor;
  options: CommitOptions;
  handlers: readonly PurchaseHandler[];
}

type Plan = Extract<PointsPlan, { ok: true }>;

/**
 * Everything a commit writes, in the caller's transaction: the customer's points (one frame:
 * the account locked once, due transitions booked once, redemption and accrual planned in memory
 * and written in one statement), then each handler's `commit` in list order (coupons, budgets,
 * gift cards, tier, campaigns lock their rows in that order), then the purchase row with its
 * final receipt and the handlers' outbox events in one statement, whose unique (key,
 * transaction) index makes a concurrent retry fail there rather than write twice.
 */
export async function writePurchase(trx: Db, input: PurchaseToWrite): Promise<PurchaseReceipt> {
  const { request, calculation, customerId, options } = input;
  const purchaseId = randomUUID();
  const now = options.now().getTime();
  const businessAt = Date.parse(calculation.calculatedAt);
  // Only a customer has points: lock first, so two tills spending one balance queue here, and
  // plan on the balance in force once due activations and expiries are booked.
  const frame = customerId
    ? await PointsFrame.open(trx, customerId, now, request.redeemPoints ?? 0)
    : null;
  const redeems = (request.redeemPoints ?? 0) > 0;
  const plan = planWithBalance(input, redeems ? (frame?.balance().active ?? 0) : 0);
  const booked = frame
    ? await bookPoints(trx, frame, { purchaseId, plan, businessAt, input })
    : null;
  const receipt = toReceipt(purchaseId, request.transactionId, calculation, plan, booked, options);
  const event: CommitEvent = {
    purchaseId,
    customerId,
    segmentIds: input.segmentIds,
    request,
    calculation,
    ruleset: input.ruleset,
    programme: input.programme,
    giftCardSales: input.giftCardSales,
    actor: input.actor,
    businessAt,
    now,
    receipt,
  };
  for (const handler of input.handlers) await handler.commit?.(trx, event);
  await insertPurchase(trx, {
    receipt,
    integrationKeyId: input.integration,
    requestHash: input.hash,
    customerId,
    calculation,
    events: input.handlers.flatMap((handler) => handler.events?.(event) ?? []),
    now: new Date(now),
  });
  return receipt;
}

/** The points plan against the spendable balance; refusals as {@link redemptionRefused}. */
function planWithBalance(input: PurchaseToWrite, activeBalance: number): Plan {
  const { calculation, customerId, request } = input;
  const { settings } = input.programme;
  const plan = planPoints({
    lines: calculation.lines,
    settings: applyTierRates(settings, calculation.tier.tierId, calculation.tier.rates),
    tierId: calculation.tier.tierId,
    activeBalance,
    requestedPoints: request.redeemPoints ?? 0,
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
  activatesAt: number | null;
  expiresAt: number | null;
  balance: AccountBalance;
}

/**
 * The purchase's redemption and accrual on the customer's frame, recorded as the operations
 * `purchase:<id>:redeem` and `purchase:<id>:accrue` (new keys: the purchase id is new) and
 * written at once.
 */
async function bookPoints(
  trx: Db,
  frame: PointsFrame,
  context: { purchaseId: string; plan: Plan; businessAt: number; input: PurchaseToWrite },
): Promise<BookedPoints> {
  const { purchaseId, plan, businessAt } = context;
  const record = (kind: string, key: string, input: unknown, result: unknown) =>
    frame.record(
      {
        key,
        kind,
        inputHash: operationHash(kind, { customerId: frame.customerId, input }),
        claimed: false,
      },
      result,
    );
  if (plan.redeemedPoints > 0) {
    const operationId = `purchase:${purchaseId}:redeem`;
    const input = { purchaseId, points: plan.redeemedPoints };
    const redeemed = await redeemInFrame(trx, frame, { operationId, ...input, now: businessAt });
    record('redeem', operationId, input, redeemed);
  }
  const operationId = `purchase:${purchaseId}:accrue`;
  const input = { purchaseId, points: plan.accruedPoints, earnedAt: businessAt };
  const accrued = accrueInFrame(frame, {
    operationId,
    ...input,
    settings: context.input.programme.settings,
  });
  record('accrue', operationId, input, accrued);
  const balance = await frame.write(trx);
  const { lot } = accrued;
  return { activatesAt: lot?.activatesAt ?? null, expiresAt: lot?.expiresAt ?? null, balance };
}

function toReceipt(
  purchaseId: string,
  transactionId: string,
  calculation: CartCalculation,
  plan: Plan,
  booked: BookedPoints | null,
  options: CommitOptions,
): PurchaseReceipt {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    purchaseId,
    transactionId,
    storeId: calculation.storeId,
    businessAt: calculation.calculatedAt,
    offline: options.offline ?? false,
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
      booked?.activatesAt != null
        ? { activatesAt: iso(booked.activatesAt) as string, expiresAt: iso(booked.expiresAt) }
        : null,
    balance: booked ? booked.balance : null,
    appliedPromotions: calculation.appliedPromotions,
    receiptMessages: calculation.receiptMessages,
    giftCards: [],
    tier: null,
    campaigns: [],
  };
}
