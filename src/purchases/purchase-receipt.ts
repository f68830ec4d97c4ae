import type { GrantOutcome } from '../campaigns/grant-reward.ts';
import type { ResolvedCustomer } from '../carts/customer-reference.ts';
import type { PricedLine } from '../carts/points-plan.ts';
import type { LocalizedText } from '../engine/explain/messages.ts';
import type { AppliedPromotion } from '../engine/model/calculation.ts';
import type { TierOutcome } from '../tiers/tier-transitions.ts';
import type { GiftCardCharge } from './gift-card-payments.ts';

/** What a committed purchase answers, and answers again, byte for byte, to a retried commit. */
export interface PurchaseReceipt {
  purchaseId: string;
  transactionId: string;
  storeId: string;
  businessAt: string;
  offline: boolean;
  customer: ResolvedCustomer;
  rulesetVersion: string;
  calculationId: string;
  lines: PricedLine[];
  subtotalMinor: number;
  /** Every discount, the check rounding included. */
  discountMinor: number;
  totalMinor: number;
  /** Taken off by rounding the check total down (not a promotion). */
  roundingMinor: number;
  redeemedPoints: number;
  redeemedMoneyMinor: number;
  /** What the customer pays in money: total less the points' money. */
  paidMinor: number;
  accruedPoints: number;
  /** When the accrued points become spendable and when they expire (null: never). */
  accrual: { activatesAt: string; expiresAt: string | null } | null;
  /** The customer's points after this purchase; null for an anonymous one. */
  balance: { active: number; pending: number; debt: number } | null;
  appliedPromotions: readonly AppliedPromotion[];
  /** Gift cards that paid part of the check, masked, with what each paid and has left. */
  giftCards: GiftCardCharge[];
  /** The customer's tier after this purchase, whether it moved, and the welcome bonus credited. */
  tier: TierOutcome | null;
  /** What campaigns this purchase advanced gave (or why not), e.g. "3 purchases in February". */
  campaigns: GrantOutcome[];
  receiptMessages: readonly LocalizedText[];
}
