import { describe, expect, it } from 'vitest';
import { line, promo, run } from '../testing/fixtures.ts';

// Texts write amounts in the programme's currency, handed in with the calculation's context.
const tiers = promo('p', {
  kind: 'spend-threshold',
  tiers: [
    { fromMinor: 300_000, reward: { kind: 'amount', amountMinor: 25_000 } },
    { fromMinor: 500_000, reward: { kind: 'percent', percentBp: 1000 } },
  ],
});

describe('amounts in texts', () => {
  it.each([
    {
      currency: 'KZT',
      hint: { ru: 'добавьте 1\u00a0300 ₸ до скидки 10%', en: 'add ₸1,300 to get 10%' },
      applied: { ru: '«p»: скидка 250 ₸', en: '“p”: ₸250 off' },
    },
    {
      currency: 'USD',
      hint: { ru: 'добавьте 1\u00a0300 $ до скидки 10%', en: 'add $1,300 to get 10%' },
      applied: { ru: '«p»: скидка 250 $', en: '“p”: $250 off' },
    },
    {
      currency: 'RUB',
      hint: { ru: 'добавьте 1\u00a0300 ₽ до скидки 10%', en: 'add ₽1,300 to get 10%' },
      applied: { ru: '«p»: скидка 250 ₽', en: '“p”: ₽250 off' },
    },
  ])('are written in $currency', ({ currency, hint, applied }) => {
    const result = run([line('1', 'A', 370_000, 1)], [tiers], { context: { currency } });
    expect(result.discountMinor).toBe(25_000);
    expect(result.explanations[0]?.hint?.text).toEqual(hint);
    expect(result.receiptMessages).toEqual([applied, hint]);
  });
});
