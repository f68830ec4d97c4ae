import { describe, expect, it } from 'vitest';
import { codes, line, promo, run } from '../testing/fixtures.ts';

const manual = promo('manual', { kind: 'manual-discount' });
const settings = { manualDiscountLimitsBp: { cashier: 1000, manager: 3000 } };
const cart = [line('1', 'A', 10_000, 1), line('2', 'B', 20_000, 1)];

describe('manual-discount', () => {
  it.each([
    {
      request: { percentBp: 1000, reason: 'damaged box', cashierRole: 'cashier' },
      code: 'applied',
      discount: 3000,
    },
    {
      request: { amountMinor: 3000, reason: 'damaged box', cashierRole: 'cashier' },
      code: 'applied',
      discount: 3000,
    },
    {
      request: { percentBp: 2000, reason: 'friend', cashierRole: 'cashier' },
      code: 'manual_limit_exceeded',
      discount: 0,
    },
    {
      request: { amountMinor: 3001, reason: 'friend', cashierRole: 'cashier' },
      code: 'manual_limit_exceeded',
      discount: 0,
    },
    {
      request: { percentBp: 2000, reason: 'complaint', cashierRole: 'manager' },
      code: 'applied',
      discount: 6000,
    },
    {
      request: { percentBp: 100, reason: 'x', cashierRole: 'trainee' },
      code: 'manual_role_not_allowed',
      discount: 0,
    },
  ])('$request.cashierRole asks $request → $code', ({ request, code, discount }) => {
    const result = run(cart, [manual], { settings, context: { manualDiscount: request } });
    expect(codes(result)).toEqual({ manual: code });
    expect(result.discountMinor).toBe(discount);
  });

  it('does nothing when no discount was asked', () => {
    expect(codes(run(cart, [manual], { settings }))).toEqual({ manual: 'no_manual_request' });
  });
});
