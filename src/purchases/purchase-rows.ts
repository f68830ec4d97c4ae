import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { CartCalculation } from '../carts/calculate-cart.ts';
import type { PricedLine } from '../carts/points-plan.ts';
import { notFound } from '../errors.ts';
import type { NewEvent } from '../outbox/event-types.ts';
import { eventRows } from '../outbox/record-events.ts';
import { canonicalJson } from '../points/canonical-json.ts';
import type { Db } from '../store/database.ts';
import type { PurchaseReceipt } from './purchase-receipt.ts';

/** SHA-256 of a request in canonical JSON: equal for equal bodies whatever their key order. */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

export async function findPurchaseByTransaction(
  db: Db,
  integrationKeyId: string,
  transactionId: string,
): Promise<{ requestHash: string; receipt: PurchaseReceipt } | undefined> {
  // A template, not a builder: every commit asks first.
  const { rows } = await sql<{ request_hash: string; response: unknown }>`
    SELECT request_hash, response FROM purchases
    WHERE integration_key_id = ${integrationKeyId} AND transaction_id = ${transactionId}`.execute(
    db,
  );
  const row = rows[0];
  return row
    ? { requestHash: row.request_hash, receipt: row.response as PurchaseReceipt }
    : undefined;
}

/**
 * Writes a purchase with its lines, final receipt and the outbox `events` it reports (stamped
 * `now`), in one statement; the unique (key, transaction) index refuses a second one, and its
 * events with it.
 */
export async function insertPurchase(
  trx: Db,
  input: {
    receipt: PurchaseReceipt;
    integrationKeyId: string;
    requestHash: string;
    customerId: string | null;
    calculation: CartCalculation;
    events: readonly NewEvent[];
    now: Date;
  },
): Promise<void> {
  const { receipt, events } = input;
  const withPurchase = trx.with('purchase', (db) =>
    db.insertInto('purchases').values({
      id: receipt.purchaseId,
      integration_key_id: input.integrationKeyId,
      transaction_id: receipt.transactionId,
      request_hash: input.requestHash,
      customer_id: input.customerId,
      store_id: receipt.storeId,
      business_at: receipt.businessAt,
      offline: receipt.offline,
      subtotal_minor: receipt.subtotalMinor,
      discount_minor: receipt.discountMinor,
      total_minor: receipt.totalMinor,
      redeemed_points: receipt.redeemedPoints,
      redeemed_money_minor: receipt.redeemedMoneyMinor,
      paid_minor: receipt.paidMinor,
      accrued_points: receipt.accruedPoints,
      ruleset_version: receipt.rulesetVersion,
      calculation: JSON.stringify(input.calculation),
      response: JSON.stringify(receipt),
    }),
  );
  // An insert of no rows is not SQL: the events' part exists only when there are events.
  const statement =
    events.length === 0
      ? withPurchase.insertInto('purchase_lines')
      : withPurchase
          .with('events', (db) =>
            db.insertInto('domain_events').values(eventRows(events, input.now)),
          )
          .insertInto('purchase_lines');
  await statement
    .values(receipt.lines.map((line) => lineColumns(receipt.purchaseId, line)))
    .execute();
}

function lineColumns(purchaseId: string, line: PricedLine) {
  return {
    purchase_id: purchaseId,
    line_no: line.lineNo,
    line_id: line.lineId,
    sku: line.sku,
    weighted: line.weighted,
    quantity: line.quantity,
    unit_price_minor: line.unitPriceMinor,
    total_minor: line.totalMinor,
    discount_minor: line.discountMinor,
    redeemed_points: line.redeemedPoints,
    redeemed_money_minor: line.redeemedMoneyMinor,
    paid_minor: line.paidMinor,
    accrued_points: line.accruedPoints,
  };
}

export interface StoredPurchase {
  id: string;
  customerId: string | null;
  cancelled: boolean;
  businessAt: Date;
  receipt: PurchaseReceipt;
}

/** A purchase row, locked for update when `lock` (returns and cancels of one purchase queue). */
export async function loadPurchase(db: Db, id: string, lock = false): Promise<StoredPurchase> {
  let query = db
    .selectFrom('purchases')
    .select(['id', 'customer_id', 'cancelled', 'business_at', 'response'])
    .where('id', '=', id);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('purchase_not_found', `No purchase with id "${id}"`, '/id');
  return {
    id: row.id,
    customerId: row.customer_id,
    cancelled: row.cancelled,
    businessAt: row.business_at,
    receipt: row.response as PurchaseReceipt,
  };
}

/** The calculation trace a purchase was priced with: "why this price on check 123". */
export async function loadPurchaseTrace(db: Db, id: string): Promise<CartCalculation> {
  const row = await db
    .selectFrom('purchases')
    .select('calculation')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('purchase_not_found', `No purchase with id "${id}"`, '/id');
  return row.calculation as CartCalculation;
}
