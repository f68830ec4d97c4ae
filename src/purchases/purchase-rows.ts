import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { CartCalculation } from '../carts/calculate-cart.ts';
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
  const id = receipt.purchaseId;
  // A template, not a builder: every commit writes one, and the builder with its CTEs cost more
  // node CPU than any other statement of a commit. The same SQL as the builder made.
  const purchase = sql`insert into "purchases" ("id", "integration_key_id", "transaction_id",
    "request_hash", "customer_id", "store_id", "business_at", "offline", "subtotal_minor",
    "discount_minor", "total_minor", "redeemed_points", "redeemed_money_minor", "paid_minor",
    "accrued_points", "ruleset_version", "calculation", "response")
    values (${id}, ${input.integrationKeyId}, ${receipt.transactionId}, ${input.requestHash},
    ${input.customerId}, ${receipt.storeId}, ${receipt.businessAt}, ${receipt.offline},
    ${receipt.subtotalMinor}, ${receipt.discountMinor}, ${receipt.totalMinor},
    ${receipt.redeemedPoints}, ${receipt.redeemedMoneyMinor}, ${receipt.paidMinor},
    ${receipt.accruedPoints}, ${receipt.rulesetVersion}, ${JSON.stringify(input.calculation)},
    ${JSON.stringify(receipt)})`;
  // An insert of no rows is not SQL: the events' part exists only when there are events.
  const withEvents =
    events.length === 0
      ? sql``
      : sql`, "events" as (insert into "domain_events" ("id", "type", "occurred_at",
    "customer_id", "payload", "created_at") values ${sql.join(
      eventRows(events, input.now).map(
        (e) =>
          sql`(${e.id}, ${e.type}, ${e.occurred_at}, ${e.customer_id}, ${e.payload}, ${e.created_at})`,
      ),
    )})`;
  const lines = sql.join(
    receipt.lines.map(
      (line) =>
        sql`(${id}, ${line.lineNo}, ${line.lineId}, ${line.sku}, ${line.weighted},
    ${line.quantity}, ${line.unitPriceMinor}, ${line.totalMinor}, ${line.discountMinor},
    ${line.redeemedPoints}, ${line.redeemedMoneyMinor}, ${line.paidMinor}, ${line.accruedPoints})`,
    ),
  );
  await sql`with "purchase" as (${purchase})${withEvents}
    insert into "purchase_lines" ("purchase_id", "line_no", "line_id", "sku", "weighted",
    "quantity", "unit_price_minor", "total_minor", "discount_minor", "redeemed_points",
    "redeemed_money_minor", "paid_minor", "accrued_points") values ${lines}`.execute(trx);
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
