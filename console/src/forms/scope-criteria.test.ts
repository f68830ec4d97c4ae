import { describe, expect, it } from 'vitest';
import { hasOtherCriteria, isEverything } from './scope-criteria';

describe('a product scope as the form reads it', () => {
  it.each([
    [undefined, true, false],
    [{}, true, false],
    [{ categoryIds: undefined }, true, false],
    [{ categoryIds: ['oils'] }, false, false],
    [{ skus: ['BREAD'] }, false, false],
    // A stored scope of brands alone reaches some products, not every one.
    [{ brands: ['Borges'] }, false, true],
    [{ categoryIds: ['oils'], exclude: { tags: ['local'] } }, false, true],
  ])('%j: every product %s, other criteria %s', (scope, everything, others) => {
    expect(isEverything(scope)).toBe(everything);
    expect(hasOtherCriteria(scope)).toBe(others);
  });
});
