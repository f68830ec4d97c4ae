import { describe, expect, it } from 'vitest';
import { mergePatch } from './merge-patch.ts';

describe('mergePatch (RFC 7396)', () => {
  it('changes only the members sent, merging objects and replacing arrays', () => {
    const target = { a: 1, b: { c: 2, d: 3 }, list: [1, 2], keep: 'x' };
    const patch = { a: 5, b: { d: 4 }, list: [9] };
    expect(mergePatch(target, patch)).toEqual({ a: 5, b: { c: 2, d: 4 }, list: [9], keep: 'x' });
    expect(target).toEqual({ a: 1, b: { c: 2, d: 3 }, list: [1, 2], keep: 'x' });
  });

  it('removes a member sent as null and replaces the whole value with a non-object patch', () => {
    expect(mergePatch({ a: 1, b: { c: 2 } }, { a: null, b: { c: null } })).toEqual({ b: {} });
    expect(mergePatch({ a: 1 }, [1])).toEqual([1]);
    expect(mergePatch(null, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
  });

  it('keeps a __proto__ key an ordinary member', () => {
    const merged = mergePatch({}, JSON.parse('{"__proto__": {"polluted": true}}')) as object;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged)).toEqual(['__proto__']);
  });
});
