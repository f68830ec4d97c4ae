import { describe, expect, it } from 'vitest';
import { readCategoryRow } from './catalogue/category-row.ts';
import { parseProductHeader, parseProductRow } from './catalogue/product-row.ts';
import { rowTextFaults, textFault } from './storable-text.ts';

describe('textFault', () => {
  it.each([
    ['Молоко', null],
    ['🥛 a pair of surrogates', null],
    ['', null],
    ['a\u0000b', 'nul_character'],
    ['\ud800', 'lone_surrogate'],
    ['x\udc00', 'lone_surrogate'],
    ['\udc00\ud800', 'lone_surrogate'],
  ])('%j → %s', (value, code) => {
    expect(textFault(value)?.code ?? null).toBe(code);
  });
});

describe('CSV rows with text PostgreSQL cannot store', () => {
  it('names every cell at fault', () => {
    expect(rowTextFaults(['A', 'Mi\u0000lk', '\ud800'])).toEqual([
      'column 2 holds a NUL character (\\u0000)',
      'column 3 holds a lone UTF-16 surrogate (not valid Unicode)',
    ]);
  });

  it('refuses such a product or category row, so the import lists it instead of crashing', () => {
    const header = parseProductHeader(['sku', 'name']);
    expect(parseProductRow(header, ['A1', 'Mi\u0000lk'])).toEqual({
      ok: false,
      code: 'invalid_value',
      reason: 'column 2 holds a NUL character (\\u0000)',
    });
    expect(parseProductRow(header, ['A2', 'Milk']).ok).toBe(true);
    expect(readCategoryRow(['c1', 'Da\u0000iry', ''])).toEqual({
      code: 'invalid_value',
      reason: 'column 2 holds a NUL character (\\u0000)',
    });
  });
});
