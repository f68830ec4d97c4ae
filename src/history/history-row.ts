import type { CustomerReference } from '../carts/customer-reference.ts';
import { invalid } from '../errors.ts';
import type { HistoryLineInput } from './history-line.ts';

/** Columns of a purchases (history) CSV; one row per line of a check. */
export const historyColumns = [
  'check_id',
  'time',
  'store_id',
  'channel',
  'customer_card',
  'customer_phone',
  'customer_email',
  'customer_external',
  'customer_id',
  'sku',
  'quantity',
  'price_minor',
  'discount_minor',
  'paid_minor',
] as const;
type HistoryColumn = (typeof historyColumns)[number];

const required: readonly HistoryColumn[] = [
  'check_id',
  'time',
  'store_id',
  'sku',
  'quantity',
  'price_minor',
  'paid_minor',
];

export type HistoryHeader = Partial<Record<HistoryColumn, number>>;

/** The CSV column of each field of a line, to name it in a rejection. */
export const columnOfField: Record<string, string> = {
  checkId: 'check_id',
  at: 'time',
  storeId: 'store_id',
  channel: 'channel',
  customer: 'customer',
  sku: 'sku',
  quantityMilli: 'quantity',
  priceMinor: 'price_minor',
  discountMinor: 'discount_minor',
  paidMinor: 'paid_minor',
};

/** Reads the header row; 400 `bad_header` for an unknown or repeated column or a missing one. */
export function parseHistoryHeader(values: readonly string[]): HistoryHeader {
  const header: HistoryHeader = {};
  values.forEach((raw, index) => {
    const column = raw.trim().toLowerCase();
    if (!(historyColumns as readonly string[]).includes(column)) {
      throw invalid('bad_header', `unknown column "${raw}"; expected ${historyColumns.join(', ')}`);
    }
    if (header[column as HistoryColumn] !== undefined) {
      throw invalid('bad_header', `column "${column}" appears twice`);
    }
    header[column as HistoryColumn] = index;
  });
  const missing = required.filter((column) => header[column] === undefined);
  if (missing.length > 0) {
    throw invalid('bad_header', `the header needs the columns ${missing.join(', ')}`);
  }
  return header;
}

const decimal = /^(\d{1,9})(?:[.,](\d{1,3}))?$/;
const whole = /^\d{1,16}$/;

/**
 * One data row as a line, or every fault of the row by column. A quantity is a decimal with up
 * to 3 places and a point or a comma (`2,474`); amounts are whole kopecks. The customer is the
 * one non-empty `customer_*` cell (`customer_external` is `system:id`), none for an anonymous check.
 */
export function parseHistoryRow(
  header: HistoryHeader,
  values: readonly string[],
): { ok: true; line: HistoryLineInput } | { ok: false; reason: string } {
  const faults: string[] = [];
  for (const column of required) {
    if (cellOf(header, values, column) === '') faults.push(`${column}: is empty`);
  }
  const quantityText = cellOf(header, values, 'quantity');
  const quantity = decimal.exec(quantityText);
  if (quantityText !== '' && !quantity) {
    faults.push('quantity: must be a number with up to 3 decimals, e.g. 2 or 2,474');
  }
  const priceMinor = amountOf(header, values, 'price_minor', faults);
  const discountMinor = amountOf(header, values, 'discount_minor', faults);
  const paidMinor = amountOf(header, values, 'paid_minor', faults);
  const channel = cellOf(header, values, 'channel').toLowerCase();
  if (channel !== '' && channel !== 'online' && channel !== 'offline') {
    faults.push('channel: must be online or offline');
  }
  const customer = customerOf(header, values, faults);
  if (faults.length > 0) return { ok: false, reason: faults.join('; ') };
  const [, units = '0', fraction = ''] = quantity ?? [];
  return {
    ok: true,
    line: {
      checkId: cellOf(header, values, 'check_id'),
      at: cellOf(header, values, 'time'),
      storeId: cellOf(header, values, 'store_id'),
      channel: channel === '' ? undefined : (channel as 'online' | 'offline'),
      customer,
      sku: cellOf(header, values, 'sku'),
      quantityMilli: Number(units) * 1000 + Number(fraction.padEnd(3, '0')),
      priceMinor: priceMinor ?? 0,
      discountMinor,
      paidMinor: paidMinor ?? 0,
    },
  };
}

// Module functions rather than closures over the row: a million rows made a million of each.
function cellOf(header: HistoryHeader, values: readonly string[], column: HistoryColumn): string {
  const index = header[column];
  return index === undefined ? '' : (values[index] ?? '').trim();
}

function amountOf(
  header: HistoryHeader,
  values: readonly string[],
  column: HistoryColumn,
  faults: string[],
): number | undefined {
  const text = cellOf(header, values, column);
  if (text === '') return undefined;
  if (!whole.test(text)) {
    faults.push(`${column}: must be whole kopecks, e.g. 12990 for 129.90`);
    return undefined;
  }
  return Number(text);
}

const customerColumns = [
  'customer_card',
  'customer_phone',
  'customer_email',
  'customer_external',
  'customer_id',
] as const;

function customerOf(
  header: HistoryHeader,
  values: readonly string[],
  faults: string[],
): CustomerReference | undefined {
  const given = customerColumns.filter((column) => cellOf(header, values, column) !== '');
  const [column] = given;
  if (column === undefined) return undefined;
  if (given.length > 1) {
    faults.push(`customer: give one of ${given.join(', ')}, not ${given.length}`);
    return undefined;
  }
  const value = cellOf(header, values, column);
  switch (column) {
    case 'customer_card':
      return { card: value };
    case 'customer_phone':
      return { phone: value };
    case 'customer_email':
      return { email: value };
    case 'customer_id':
      return { id: value };
    case 'customer_external': {
      const colon = value.indexOf(':');
      if (colon <= 0) {
        faults.push('customer_external: write system:id, e.g. shopify:12345');
        return undefined;
      }
      return { external: { system: value.slice(0, colon), id: value.slice(colon + 1) } };
    }
  }
}
