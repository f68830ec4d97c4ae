import { describe, expect, it } from 'vitest';
import type { CartLine } from '../model/cart.ts';
import {
  excludedBySelector,
  type ProductSelector,
  selectorMatcher,
  selectorMatches,
} from './product-selector.ts';

const mattress: CartLine = {
  lineId: '1',
  sku: 'M-1',
  unitPriceMinor: 2_500_000,
  quantity: 1,
  categoryIds: ['mattresses', 'bedroom', 'root'],
  brand: 'A',
  attributes: { size: 'XXL', firm: true, height: 20 },
  tags: ['new'],
};

describe('selectorMatches', () => {
  it.each<{ name: string; selector: ProductSelector; matches: boolean }>([
    { name: 'empty selector matches all', selector: {}, matches: true },
    { name: 'sku list', selector: { skus: ['X', 'M-1'] }, matches: true },
    { name: 'ancestor category', selector: { categoryIds: ['bedroom'] }, matches: true },
    { name: 'other category', selector: { categoryIds: ['kitchen'] }, matches: false },
    {
      name: 'brand and category together',
      selector: { brands: ['A'], categoryIds: ['mattresses'] },
      matches: true,
    },
    {
      name: 'brand mismatch fails the AND',
      selector: { brands: ['B'], categoryIds: ['mattresses'] },
      matches: false,
    },
    {
      name: 'attribute equals',
      selector: { attributes: [{ key: 'size', equals: 'XXL' }] },
      matches: true,
    },
    {
      name: 'attribute in',
      selector: { attributes: [{ key: 'height', in: [10, 20] }] },
      matches: true,
    },
    {
      name: 'boolean attribute',
      selector: { attributes: [{ key: 'firm', equals: false }] },
      matches: false,
    },
    {
      name: 'missing attribute',
      selector: { attributes: [{ key: 'colour', equals: 'red' }] },
      matches: false,
    },
    { name: 'tag', selector: { tags: ['sale', 'new'] }, matches: true },
    {
      name: 'price range',
      selector: { priceMinMinor: 100_000, priceMaxMinor: 2_500_000 },
      matches: true,
    },
    { name: 'price above range', selector: { priceMaxMinor: 2_499_999 }, matches: false },
    {
      name: 'excluded sku',
      selector: { categoryIds: ['bedroom'], exclude: { skus: ['M-1'] } },
      matches: false,
    },
    {
      name: 'exclusion is any-of',
      selector: { exclude: { skus: ['Z'], brands: ['A'] } },
      matches: false,
    },
    { name: 'exclusion not hit', selector: { exclude: { brands: ['B'] } }, matches: true },
  ])('$name', ({ selector, matches }) => {
    expect(selectorMatches(selector, mattress)).toBe(matches);
  });

  it('tells an exclusion apart from a plain mismatch', () => {
    expect(excludedBySelector({ brands: ['A'], exclude: { tags: ['new'] } }, mattress)).toBe(true);
    expect(excludedBySelector({ brands: ['B'], exclude: { tags: ['new'] } }, mattress)).toBe(false);
    expect(excludedBySelector({ brands: ['A'] }, mattress)).toBe(false);
  });
});

describe('selectorMatcher byFactsOnly', () => {
  it.each<{ selector: ProductSelector; byFactsOnly: boolean }>([
    { selector: { skus: ['M-1'] }, byFactsOnly: true },
    { selector: { brands: ['A'], categoryIds: ['bedroom'] }, byFactsOnly: true },
    { selector: { skus: ['M-1'], exclude: { brands: ['B'] } }, byFactsOnly: true },
    { selector: {}, byFactsOnly: true },
    { selector: { tags: ['new'] }, byFactsOnly: false },
    { selector: { categoryIds: ['bedroom'], priceMaxMinor: 100 }, byFactsOnly: false },
    { selector: { brands: ['A'], exclude: { priceMinMinor: 100 } }, byFactsOnly: false },
    {
      selector: { skus: ['M-1'], exclude: { attributes: [{ key: 'size', equals: 'XL' }] } },
      byFactsOnly: false,
    },
  ])('$selector → $byFactsOnly', ({ selector, byFactsOnly }) => {
    expect(selectorMatcher(selector).byFactsOnly).toBe(byFactsOnly);
  });
});
