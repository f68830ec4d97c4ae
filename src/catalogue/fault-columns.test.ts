import { describe, expect, it } from 'vitest';
import { faultColumns } from './fault-columns.ts';

const header = ['sku', 'name', 'category_id', 'min_price_minor', 'attr:volume', 'attr:fat:number'];

describe('the columns a refused catalogue row is at fault in', () => {
  it.each([
    [
      'min_price_minor: "449,00" is not a whole number of kopecks (write 12990 for 129.90)',
      ['min_price_minor'],
    ],
    ['sku: is empty; name: is empty; sku: too long', ['sku', 'name']],
    [
      'column 2 has a control character; attr:volume: "big" is not a number',
      ['name', 'attr:volume'],
    ],
    ['attr:fat: "low" is not a number', ['attr:fat:number']],
    // A count of fields names no column, nor does a value quoted with a colon in it.
    ['has 4 fields, the header has 5', []],
    ['parent_id: "a; b: c" is unknown', []],
  ])('%s → %j', (reason, columns) => {
    expect(faultColumns(reason, header)).toEqual(columns);
  });
});
