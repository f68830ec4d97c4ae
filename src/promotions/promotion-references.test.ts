import { describe, expect, it } from 'vitest';
import { tierDiscountGroupId } from '../tiers/tier-discount-promotions.ts';
import { systemStackingGroupIds } from './promotion-references.ts';

describe('system stacking groups', () => {
  it('include the group the tier discounts are saved in, which no marketer declares', () => {
    expect(systemStackingGroupIds).toContain(tierDiscountGroupId);
  });
});
