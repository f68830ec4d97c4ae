import type { CalculateCartRequest } from '../carts/calculate-cart.ts';
import type { RequestLine } from '../carts/cart-lines.ts';
import { MAX_LINES, MAX_POINTS, MAX_UNIT_PRICE_MINOR } from '../engine/money/bounds.ts';
import type { BodyReader } from './body-reader.ts';
import { parseQuantityMilli, parseRoubles } from './decimal-amount.ts';
import { customerReference, type MindboxCustomer, readCustomer } from './mindbox-customer.ts';

type Json = Record<string, unknown>;

/** What the answer echoes of a request line, as the client sent it. */
export interface EchoedLine {
  lineId: string;
  lineNumber: unknown;
  /** The quantity as a number (weighted goods with their decimals). */
  quantity: number;
  basePricePerItem: number;
  product: unknown;
  status: unknown;
}

/** A Mindbox order as Perk prices it. */
export interface MindboxOrder {
  customer: MindboxCustomer | undefined;
  cart: CalculateCartRequest;
  /** Points the customer pays with (`bonusPoints[].amount`, summed). */
  redeemPoints: number;
  /** `order.totalPrice`: the total the shop showed, in kopecks, when sent. */
  shownTotalMinor: number | undefined;
  deliveryCostMinor: number;
  /** `order.ids` as sent (the shop's order number…). */
  ids: Json;
  lines: EchoedLine[];
}

const maxCoupons = 20;

/**
 * Reads a calculate or create body into Perk's cart request. The store is `order.area.ids.
 * externalId`, else `defaultStoreId`, else `pointOfContact`; a line's SKU is the first of its
 * `product.ids`; its `lineId` is the one sent, else its `lineNumber`, else its position. Amounts
 * are roubles (numbers or numeric strings, two decimals at most); a fractional quantity is
 * weighted goods, in thousandths.
 */
export function readOrder(
  reader: BodyReader,
  body: Json,
  defaultStoreId: string | undefined,
): MindboxOrder {
  const order = reader.object(body.order, '/order', true);
  const customer = readCustomer(reader, body.customer);
  const area = reader.object(reader.object(order.area, '/order/area').ids, '/order/area/ids');
  const storeId =
    reader.text(area.externalId, '/order/area/ids/externalId', 100) ??
    defaultStoreId ??
    reader.text(body.pointOfContact, '/pointOfContact', 100);
  if (storeId === undefined)
    reader.problems.add(
      '/order/area',
      'store_required',
      'Name the store in order.area.ids.externalId',
    );
  const rawLines = reader.array(order.lines, '/order/lines', MAX_LINES);
  if (rawLines.length === 0)
    reader.problems.add('/order/lines', 'invalid', 'needs at least one line');
  const lines = rawLines.map((raw, i) => readLine(reader, raw, i));
  const couponCodes = reader
    .array(order.coupons, '/order/coupons', maxCoupons)
    .map((raw, i) => {
      const ids = reader.object(
        reader.object(raw, `/order/coupons/${i}`).ids,
        `/order/coupons/${i}/ids`,
      );
      return reader.text(ids.code, `/order/coupons/${i}/ids/code`, 64);
    })
    .filter((code) => code !== undefined);
  let redeemPoints = 0;
  reader.array(order.bonusPoints, '/order/bonusPoints', 10).forEach((raw, i) => {
    const entry = reader.object(raw, `/order/bonusPoints/${i}`);
    redeemPoints += reader.points(entry.amount, `/order/bonusPoints/${i}/amount`, MAX_POINTS) ?? 0;
  });
  const at = executionTime(reader, order.executionDateTimeUtc);
  const reference = customerReference(customer);
  const cart: CalculateCartRequest = {
    storeId: storeId ?? '',
    lines: lines.map((line) => line.request),
    ...(reference ? { customer: reference } : {}),
    ...(couponCodes.length > 0 ? { couponCodes } : {}),
    ...(at ? { at } : {}),
  };
  return {
    customer,
    cart,
    redeemPoints: Math.min(redeemPoints, MAX_POINTS),
    shownTotalMinor: reader.amount(order.totalPrice, '/order/totalPrice', parseRoubles),
    deliveryCostMinor: reader.amount(order.deliveryCost, '/order/deliveryCost', parseRoubles) ?? 0,
    ids: reader.object(order.ids, '/order/ids'),
    lines: lines.map((line) => line.echo),
  };
}

function readLine(reader: BodyReader, raw: unknown, i: number) {
  const at = `/order/lines/${i}`;
  const line = reader.object(raw, at, true);
  const product = reader.object(line.product, `${at}/product`, true);
  const sku = reader.firstId(
    reader.object(product.ids, `${at}/product/ids`, true),
    `${at}/product/ids`,
  );
  if (!sku) reader.problems.add(`${at}/product/ids`, 'invalid', 'needs one product id');
  const lineId =
    reader.text(line.lineId, `${at}/lineId`, 64) ??
    reader.text(line.lineNumber, `${at}/lineNumber`, 64) ??
    String(i + 1);
  const unitPriceMinor = reader.amount(
    line.basePricePerItem,
    `${at}/basePricePerItem`,
    parseRoubles,
  );
  if (unitPriceMinor === undefined && line.basePricePerItem == null)
    reader.problems.add(`${at}/basePricePerItem`, 'invalid', 'is required');
  if (unitPriceMinor !== undefined && unitPriceMinor > MAX_UNIT_PRICE_MINOR)
    reader.problems.add(
      `${at}/basePricePerItem`,
      'invalid_amount',
      'is above the largest unit price',
    );
  const quantityMilli = reader.amount(line.quantity ?? 1, `${at}/quantity`, parseQuantityMilli);
  if (quantityMilli === 0) reader.problems.add(`${at}/quantity`, 'invalid', 'must be above 0');
  const minPriceMinor = reader.amount(line.minPricePerItem, `${at}/minPricePerItem`, parseRoubles);
  const whole = quantityMilli !== undefined && quantityMilli % 1000 === 0;
  const request: RequestLine = {
    lineId,
    sku: sku?.value ?? '',
    unitPriceMinor: Math.min(unitPriceMinor ?? 0, MAX_UNIT_PRICE_MINOR),
    ...(whole
      ? { quantity: (quantityMilli as number) / 1000 }
      : { quantityMilli: quantityMilli || 1 }),
    ...(minPriceMinor !== undefined
      ? { product: { minPriceMinor: Math.min(minPriceMinor, MAX_UNIT_PRICE_MINOR) } }
      : {}),
  };
  const echo: EchoedLine = {
    lineId,
    lineNumber: line.lineNumber ?? i + 1,
    quantity: (quantityMilli ?? 1000) / 1000,
    basePricePerItem: unitPriceMinor ?? 0,
    product: line.product,
    status: line.status,
  };
  return { request, echo };
}

// Mindbox writes UTC times as ISO 8601 or "yyyy-MM-dd HH:mm:ss(.fff)"; both are read as UTC.
const dateTimePattern =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)(Z|[+-]\d{2}:\d{2})?$/;

function executionTime(reader: BodyReader, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const match = typeof value === 'string' ? dateTimePattern.exec(value.trim()) : null;
  const date = match ? new Date(`${match[1]}T${match[2]}${match[3] ?? 'Z'}`) : null;
  if (date && !Number.isNaN(date.getTime())) return date.toISOString();
  reader.problems.add(
    '/order/executionDateTimeUtc',
    'invalid',
    'must be a UTC time such as 2026-12-05 10:30:00',
  );
  return undefined;
}
