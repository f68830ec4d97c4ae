import type { VoidedGiftCard } from '../gift-cards/void-sold-cards.ts';
import type { TierOutcome } from '../tiers/tier-transitions.ts';
import type { RequestedReturn } from './return-lines.ts';

export interface ReturnRequest {
  /** The till's id of the return: repeating it answers the same receipt. */
  returnId: string;
  at?: string;
  lines: RequestedReturn[];
}

export interface ReturnReceipt {
  purchaseId: string;
  returnId: string;
  kind: 'return' | 'cancel';
  businessAt: string;
  lines: {
    lineNo: number;
    lineId: string;
    quantity: number;
    refundMinor: number;
    takeBackPoints: number;
    giveBackPoints: number;
  }[];
  refundMinor: number;
  /** Accrued points taken back; `debtPoints` of them the customer now owes, `unrecoverablePoints` were written off. */
  takeBackPoints: number;
  debtPoints: number;
  unrecoverablePoints: number;
  /** Redeemed points given back to the customer. */
  giveBackPoints: number;
  giveBackMoneyMinor: number;
  balance: { active: number; pending: number; debt: number } | null;
  /** Campaign rewards taken back because the return undid what earned them (operation ids). */
  campaignRewardsRevoked: string[];
  /** The customer's tier after the return (a return can undo the upgrade its purchase made). */
  tier: TierOutcome | null;
  /** Parts of `refundMinor` that went back to the gift cards the purchase was paid with. */
  giftCardRefunds: { maskedNumber: string; amountMinor: number; balanceMinor: number }[];
  /** Gift cards sold in the purchase that came back with this return and can no longer pay. */
  giftCardsVoided: VoidedGiftCard[];
}
