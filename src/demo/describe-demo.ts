import type { DemoSeed } from './seed-demo.ts';

/**
 * What `perk start --demo` prints once, after making the demo: what was created, the keys and
 * codes (shown only this once), and three commands to paste, with the till's key filled in.
 */
export function describeDemo(seed: DemoSeed, baseUrl: string): string[] {
  const till = `-H "Authorization: Bearer ${seed.posKey}" -H 'content-type: application/json'`;
  const phone = seed.customer.phone;
  const cart = {
    storeId: 'msk-tverskaya',
    customer: { phone },
    lines: [
      { lineId: '1', sku: 'COFFEE-11-M', unitPriceMinor: 60_000, quantity: 3 },
      { lineId: '2', sku: 'OILS-21-L', unitPriceMinor: 45_000, quantity: 1 },
    ],
    couponCodes: [seed.couponCode],
  };
  const purchase = { ...cart, transactionId: 'DEMO-TRY-1', redeemPoints: 300 };
  const rub = (minor: number) => `${(minor / 100).toLocaleString('ru-RU')} ₽`;
  return [
    `A demo chain was created: ${seed.summary}.`,
    `  Admin key (shown once): ${seed.adminKey}`,
    `  Till key  (shown once): ${seed.posKey}`,
    `  A customer with points to spend, the gold tier and her birthday today: phone ${phone}, card ${seed.customer.card}`,
    `  Coupon −300 ₽ on a check from 1 500 ₽: ${seed.couponCode}; promo code −7% on cosmetics: ${seed.promoCode}`,
    `  Gift card of ${rub(seed.giftCard.balanceMinor)}: number ${seed.giftCard.number}, PIN ${seed.giftCard.pin}`,
    'Try it (the till key is filled in):',
    `  curl -s '${baseUrl}/v1/customers/lookup?phone=${encodeURIComponent(phone)}' ${till}`,
    `  curl -s ${baseUrl}/v1/carts/calculate ${till} -d '${JSON.stringify(cart)}'`,
    `  curl -s ${baseUrl}/v1/purchases ${till} -d '${JSON.stringify(purchase)}'`,
    `Every promotion, tier, segment and campaign: GET ${baseUrl}/v1/promotions (and /v1/tiers, /v1/segments, /v1/campaigns) with the admin key.`,
  ];
}
