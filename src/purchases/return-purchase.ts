import { randomUUID } from 'node:crypto';
import { conflict, invalid } from '../errors.ts';
import type { VoidScope } from '../gift-cards/pick-cards-to-void.ts';
import type { ProgramSettings } from '../ledger/program-settings.ts';
import { planReturn } from '../ledger/returns.ts';
import type { ProgrammeCache } from '../programme/programme-cache.ts';
import type { Db } from '../store/database.ts';
import { settleReturnedGiftCards } from './gift-card-payments.ts';
import type { PurchaseHandler } from './purchase-handler.ts';
import { loadPurchase, requestHash, type StoredPurchase } from './purchase-rows.ts';
import { followReturn, settleReturnedPoints } from './return-effects.ts';
import {
  assignReturnQuantities,
  purchasedLine,
  type RequestedReturn,
  type ReturnableLine,
  refundMinor,
  returnedUnits,
} from './return-lines.ts';
import { releaseReturnedMotivators } from './return-motivators.ts';
import type { ReturnReceipt, ReturnRequest } from './return-receipt.ts';

/**
 * Returns part of a purchase (`kind: 'return'`) or all that is left of it (`'cancel'`): the
 * money paid for the returned units is refunded, the points they accrued are taken back under
 * the programme's policy, and the points redeemed on them are given back, each pro rata by
 * quantity and exact once everything is returned. Idempotent by `returnId`; another body under
 * the same id is 409 `return_conflict`. A cancel voids every gift card the purchase sold; a return
 * voids those sold by the returned units (`pickCardsToVoid`), and none twice when retried.
 * Refusals: `purchase_not_found` (404), `purchase_cancelled` (409), `gift_card_in_use` (409),
 * `return_unknown_line`, `return_exceeds_purchase`, `nothing_to_return` (400).
 */
export async function returnPurchase(
  db: Db,
  purchaseId: string,
  request: ReturnRequest,
  options: {
    kind: 'return' | 'cancel';
    now: () => Date;
    programme: ProgrammeCache;
    handlers: readonly PurchaseHandler[];
  },
): Promise<{ receipt: ReturnReceipt; replayed: boolean }> {
  const hash = requestHash({ ...request, kind: options.kind });
  const programme = await options.programme.current();
  return db.transaction().execute(async (trx) => {
    const purchase = await loadPurchase(trx, purchaseId, true);
    const earlier = await trx
      .selectFrom('purchase_returns')
      .select(['request_hash', 'response'])
      .where('purchase_id', '=', purchaseId)
      .where('return_id', '=', request.returnId)
      .executeTakeFirst();
    if (earlier) {
      if (earlier.request_hash !== hash)
        throw conflict(
          'return_conflict',
          `Return "${request.returnId}" was made with a different body`,
          '/returnId',
        );
      return { receipt: earlier.response as ReturnReceipt, replayed: true };
    }
    if (purchase.cancelled)
      throw conflict(
        'purchase_cancelled',
        'The purchase is cancelled; nothing is left to return',
        '/id',
      );
    const lines = await returnableLines(trx, purchaseId);
    const wanted = options.kind === 'cancel' ? everythingLeft(lines) : request.lines;
    if (wanted.length === 0)
      throw invalid(
        'nothing_to_return',
        'Every unit of the purchase has been returned already',
        '/lines',
      );
    const quantities = assignReturnQuantities(lines, wanted);
    const now = options.now();
    const receipt = await bookReturn(trx, purchase, lines, quantities, {
      request,
      hash,
      kind: options.kind,
      now,
      settings: programme.settings,
      voidScope:
        options.kind === 'cancel'
          ? { kind: 'cancel' }
          : { kind: 'return', lines: returnedUnits(lines, quantities, wanted) },
    });
    if (purchase.customerId) {
      await followReturn(trx, {
        customerId: purchase.customerId,
        purchaseId,
        programme,
        receipt,
        now,
        handlers: options.handlers,
      });
    }
    return { receipt, replayed: false };
  });
}

async function returnableLines(trx: Db, purchaseId: string): Promise<ReturnableLine[]> {
  const rows = await trx
    .selectFrom('purchase_lines')
    .selectAll()
    .where('purchase_id', '=', purchaseId)
    .orderBy('line_no')
    .execute();
  const returned = await trx
    .selectFrom('purchase_return_lines')
    .select(['line_no', (eb) => eb.fn.sum<number>('quantity').as('quantity')])
    .where('purchase_id', '=', purchaseId)
    .groupBy('line_no')
    .execute();
  const returnedByLine = new Map(returned.map((r) => [r.line_no, Number(r.quantity)]));
  return rows.map((row) => ({
    lineNo: row.line_no,
    lineId: row.line_id,
    quantity: row.quantity,
    paidMinor: row.paid_minor,
    accruedPoints: row.accrued_points,
    redeemedPoints: row.redeemed_points,
    redeemedMoneyMinor: row.redeemed_money_minor,
    returnedQuantity: returnedByLine.get(row.line_no) ?? 0,
  }));
}

function everythingLeft(lines: readonly ReturnableLine[]): RequestedReturn[] {
  return lines
    .filter((line) => line.quantity > line.returnedQuantity)
    .map((line) => ({ lineId: line.lineId, quantity: line.quantity - line.returnedQuantity }));
}

async function bookReturn(
  trx: Db,
  purchase: StoredPurchase,
  lines: readonly ReturnableLine[],
  quantities: Map<number, number>,
  context: {
    request: ReturnRequest;
    hash: string;
    kind: 'return' | 'cancel';
    now: Date;
    settings: ProgramSettings;
    voidScope: VoidScope;
  },
): Promise<ReturnReceipt> {
  const plan = planReturn(
    lines.map(purchasedLine),
    [...quantities].map(([lineNo, quantity]) => ({ lineId: String(lineNo), quantity })),
  );
  if (!plan.ok)
    throw new Error(
      `return plan refused after quantities were checked: ${JSON.stringify(plan.refusals)}`,
    );
  const businessAt = context.request.at ?? context.now.toISOString();
  const at = Date.parse(businessAt);
  const returnRowId = randomUUID();
  const operation = (part: string) => `return:${returnRowId}:${part}`;
  const receiptLines = plan.lines.map((planned) => {
    const line = lines.find((l) => String(l.lineNo) === planned.lineId) as ReturnableLine;
    return {
      lineNo: line.lineNo,
      lineId: line.lineId,
      quantity: planned.quantity,
      refundMinor: refundMinor(line, planned.quantity),
      takeBackPoints: planned.takeBackPoints,
      giveBackPoints: planned.giveBackPoints,
      giveBackMoneyMinor: planned.giveBackMoneyMinor,
    };
  });
  const { settled, balance } = await settleReturnedPoints(trx, {
    customerId: purchase.customerId,
    purchaseId: purchase.id,
    takeBackPoints: plan.takeBackPoints,
    giveBackPoints: plan.giveBackPoints,
    operation,
    at,
    settings: context.settings,
  });
  // Budgets and coupons after the points account and before the gift cards, as a commit locks them.
  await releaseReturnedMotivators(trx, {
    purchaseId: purchase.id,
    lines,
    quantities,
    now: context.now,
  });
  const refundTotalMinor = receiptLines.reduce((sum, line) => sum + line.refundMinor, 0);
  const giftCards = await settleReturnedGiftCards(trx, {
    purchaseId: purchase.id,
    scope: context.voidScope,
    refundMinor: refundTotalMinor,
    now: context.now,
  });
  const receipt: ReturnReceipt = {
    purchaseId: purchase.id,
    returnId: context.request.returnId,
    kind: context.kind,
    businessAt,
    lines: receiptLines.map(({ giveBackMoneyMinor: _, ...line }) => line),
    refundMinor: refundTotalMinor,
    takeBackPoints: plan.takeBackPoints,
    ...settled,
    giveBackPoints: plan.giveBackPoints,
    giveBackMoneyMinor: receiptLines.reduce((sum, line) => sum + line.giveBackMoneyMinor, 0),
    balance,
    campaignRewardsRevoked: [],
    tier: null,
    ...giftCards,
  };
  await writeReturnRows(trx, { returnRowId, receipt, hash: context.hash, lines: receiptLines });
  return receipt;
}

/** The return's row (with its receipt) and its lines; a cancel also marks the purchase. */
async function writeReturnRows(
  trx: Db,
  input: {
    returnRowId: string;
    receipt: ReturnReceipt;
    hash: string;
    lines: readonly {
      lineNo: number;
      quantity: number;
      takeBackPoints: number;
      giveBackPoints: number;
      refundMinor: number;
    }[];
  },
): Promise<void> {
  const { returnRowId, receipt } = input;
  await trx
    .insertInto('purchase_returns')
    .values({
      id: returnRowId,
      purchase_id: receipt.purchaseId,
      return_id: receipt.returnId,
      request_hash: input.hash,
      kind: receipt.kind,
      business_at: receipt.businessAt,
      response: JSON.stringify(receipt),
    })
    .execute();
  await trx
    .insertInto('purchase_return_lines')
    .values(
      input.lines.map((line) => ({
        return_row_id: returnRowId,
        purchase_id: receipt.purchaseId,
        line_no: line.lineNo,
        quantity: line.quantity,
        take_back_points: line.takeBackPoints,
        give_back_points: line.giveBackPoints,
        refund_minor: line.refundMinor,
      })),
    )
    .execute();
  if (receipt.kind === 'cancel') {
    await trx
      .updateTable('purchases')
      .set({ cancelled: true })
      .where('id', '=', receipt.purchaseId)
      .execute();
  }
}
