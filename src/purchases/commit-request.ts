import type { CalculateCartRequest } from '../carts/calculate-cart.ts';
import type { GiftCardPayment } from './gift-card-payments.ts';
import type { SoldGiftCard } from './sold-gift-cards.ts';

export type Payment =
  | { kind: 'cash' | 'bank_card' | 'other'; amountMinor: number }
  | GiftCardPayment;

export interface CommitRequest extends CalculateCartRequest {
  /** The till's own id of the check: the idempotency key, per API key. */
  transactionId: string;
  redeemPoints?: number;
  payments?: Payment[];
  /**
   * Gift cards sold in this check, activated when it commits; each tied to the line that sold it
   * when the till names one (see `cardSales`).
   */
  giftCardsSold?: SoldGiftCard[];
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
