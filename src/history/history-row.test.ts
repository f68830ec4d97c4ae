import { describe, expect, it } from 'vitest';
import { lineProblems, lineTotalMinor } from './history-line.ts';
import { parseHistoryHeader, parseHistoryRow } from './history-row.ts';

const header = parseHistoryHeader([
  'check_id',
  'time',
  'store_id',
  'customer_card',
  'customer_external',
  'sku',
  'quantity',
  'price_minor',
  'discount_minor',
  'paid_minor',
]);
const row = (cells: Partial<Record<string, string>>) =>
  parseHistoryRow(header, [
    cells.check ?? 'K1',
    cells.time ?? '2024-03-01 10:00',
    cells.store ?? 'msk',
    cells.card ?? '',
    cells.external ?? '',
    cells.sku ?? 'MILK',
    cells.quantity ?? '1',
    cells.price ?? '8990',
    cells.discount ?? '',
    cells.paid ?? '8990',
  ]);

describe('a purchases CSV row', () => {
  it.each([
    ['2', 2_000],
    ['2,474', 2_474],
    ['2.5', 2_500],
    ['0,001', 1],
  ])('reads the quantity %s as %i thousandths', (quantity, milli) => {
    const parsed = row({ quantity });
    expect(parsed.ok && parsed.line.quantityMilli).toBe(milli);
  });

  it('names the customer by the one cell given; external ids as system:id', () => {
    const parsed = row({ external: 'shop:42' });
    expect(parsed.ok && parsed.line.customer).toEqual({ external: { system: 'shop', id: '42' } });
    expect(row({ card: 'C1', external: 'shop:42' })).toEqual({
      ok: false,
      reason: 'customer: give one of customer_card, customer_external, not 2',
    });
  });

  it('lists every fault of a row', () => {
    expect(row({ quantity: '1,2345', price: '89.90', paid: '', external: '42' })).toEqual({
      ok: false,
      reason:
        'paid_minor: is empty; quantity: must be a number with up to 3 decimals, e.g. 2 or 2,474; ' +
        'price_minor: must be whole kopecks, e.g. 12990 for 129.90; ' +
        'customer_external: write system:id, e.g. shopify:12345',
    });
  });
});

describe('a line’s amounts', () => {
  it('rounds the line total half up: 9 999 × 2.474 = 24 737.5 → 24 738', () => {
    expect(lineTotalMinor(9_999, 2_474)).toBe(24_738);
    expect(lineTotalMinor(9_999, 2_473)).toBe(24_728);
  });

  it('refuses a discount above the total and a payment above total − discount', () => {
    const line = {
      checkId: 'K1',
      at: '2024-03-01 10:00',
      storeId: 'msk',
      sku: 'MILK',
      quantityMilli: 2_000,
      priceMinor: 1_000,
    };
    expect(lineProblems({ ...line, discountMinor: 500, paidMinor: 1_500 })).toEqual([]);
    expect(lineProblems({ ...line, discountMinor: 500, paidMinor: 1_501 })).toEqual([
      {
        field: 'paidMinor',
        code: 'paid_exceeds_total',
        message: 'is more than total − discount = 1500',
      },
    ]);
    expect(lineProblems({ ...line, discountMinor: 2_001, paidMinor: 0 })).toEqual([
      {
        field: 'discountMinor',
        code: 'discount_exceeds_total',
        message: 'is more than the line total 2000',
      },
    ]);
  });
});
