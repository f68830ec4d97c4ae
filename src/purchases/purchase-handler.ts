import type { Actor } from '../access/actor.ts';
import type { EpochMs } from '../calendar/day-number.ts';
import type { CartCalculation } from '../carts/calculate-cart.ts';
import type { Ruleset } from '../engine/ruleset/compile-ruleset.ts';
import type { NewEvent } from '../outbox/event-types.ts';
import type { Programme } from '../programme/programme-cache.ts';
import type { Db } from '../store/database.ts';
import type { CommitRequest } from './commit-request.ts';
import type { PurchaseReceipt } from './purchase-receipt.ts';
import type { ReturnReceipt } from './return-receipt.ts';
import type { CardSale } from './sold-gift-cards.ts';

/** A purchase being committed, as the handlers see it: points are booked, its row not yet. */
export interface CommitEvent {
  purchaseId: string;
  /** Null for an anonymous check. */
  customerId: string | null;
  /** The segments the customer was in when the check was priced. */
  segmentIds: readonly string[];
  request: CommitRequest;
  calculation: CartCalculation;
  ruleset: Ruleset;
  programme: Programme;
  giftCardSales: readonly CardSale[];
  actor: Actor;
  /** The purchase's business instant and the processing time, epoch ms. */
  businessAt: EpochMs;
  now: EpochMs;
  /** The receipt so far; a handler fills in its own part. */
  receipt: PurchaseReceipt;
}

/** A return (or cancel) whose rows are written, as the handlers see it. */
export interface ReturnEvent {
  purchaseId: string;
  customerId: string;
  programme: Programme;
  /** The return's business instant and the processing time, epoch ms. */
  businessAt: EpochMs;
  now: EpochMs;
  /** The return's receipt so far; a handler fills in its own part. */
  receipt: ReturnReceipt;
}

/**
 * One module's part of a commit and of a return, run inside their transaction in the order of
 * the list composed at start-up (see `composeHandlers`). `commit` runs before the purchase row is
 * written and may refuse the commit by throwing (its rows lock in list order, after the points
 * account); `events` then answers the outbox events the finished receipt reports, written by the
 * purchase row's own statement (one round trip fewer per commit); `returned` runs after a
 * return's rows are written.
 */
export interface PurchaseHandler {
  /** Stable name, for logs and tests. */
  name: string;
  commit?(trx: Db, event: CommitEvent): Promise<void>;
  events?(event: CommitEvent): readonly NewEvent[];
  returned?(trx: Db, event: ReturnEvent): Promise<void>;
}
