import { describe, expect, it } from 'vitest';
import { inputProblems, MAX_DEPTH } from './input-guard.ts';

const nested = (depth: number): unknown => (depth === 0 ? 1 : [nested(depth - 1)]);

describe('inputProblems', () => {
  it('passes ordinary input, surrogate pairs (emoji) included', () => {
    const body = { name: 'Молоко 🥛', lines: [{ sku: 'A', tags: ['x'] }], n: -0, ok: true };
    expect(inputProblems(body, 'body')).toEqual([]);
  });

  it('lists every NUL character and lone surrogate at its pointer, in document order', () => {
    const body = {
      sku: 'A\u0000',
      lines: [{ lineId: '\ud800' }, { lineId: 'ok' }, { lineId: 'x\udfffy' }],
      'a/b~c': '\u0000',
    };
    expect(inputProblems(body, 'body')).toEqual([
      {
        location: 'body',
        field: '/sku',
        code: 'nul_character',
        message: 'holds a NUL character (\\u0000)',
      },
      {
        location: 'body',
        field: '/lines/0/lineId',
        code: 'lone_surrogate',
        message: 'holds a lone UTF-16 surrogate (not valid Unicode)',
      },
      {
        location: 'body',
        field: '/lines/2/lineId',
        code: 'lone_surrogate',
        message: 'holds a lone UTF-16 surrogate (not valid Unicode)',
      },
      {
        location: 'body',
        field: '/a~1b~0c',
        code: 'nul_character',
        message: 'holds a NUL character (\\u0000)',
      },
    ]);
  });

  it('refuses a property name with a NUL at its object', () => {
    expect(inputProblems({ attributes: { 'a\u0000': 1 } }, 'body')).toEqual([
      {
        location: 'body',
        field: '/attributes',
        code: 'nul_character',
        message: 'has a property name that holds a NUL character (\\u0000)',
      },
    ]);
  });

  it(`accepts ${MAX_DEPTH} levels of nesting and refuses one more, once, where it starts`, () => {
    expect(inputProblems({ a: nested(MAX_DEPTH - 1) }, 'body')).toEqual([]);
    expect(inputProblems({ a: nested(MAX_DEPTH) }, 'body')).toEqual([
      {
        location: 'body',
        field: `/a${'/0'.repeat(MAX_DEPTH - 1)}`,
        code: 'too_deep',
        message: 'nests deeper than 32 levels of objects and arrays',
      },
    ]);
  });

  it('walks 100 000 levels without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(inputProblems(deep, 'body').map((p) => p.code)).toEqual(['too_deep']);
  });

  it('checks a raw string body and a Buffer for NUL', () => {
    expect(inputProblems('kind,value\ncard,1\u00002', 'body')).toMatchObject([
      { field: '/', code: 'nul_character' },
    ]);
    expect(inputProblems(Buffer.from([0x61, 0x00]), 'body')).toMatchObject([
      { field: '/', code: 'nul_character', message: 'holds a NUL byte' },
    ]);
    expect(inputProblems(Buffer.from('kind,value'), 'body')).toEqual([]);
  });
});
