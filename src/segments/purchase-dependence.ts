import type { LeafKind, SegmentRule } from './rule-schema.ts';

// Per leaf: whether it reads the customer's purchases (directly, or through the RFM scores
// computed from them). The others read the profile alone, so a purchase cannot change them.
// A record, so a new leaf kind does not compile until it is placed here.
const readsPurchases: Readonly<Record<LeafKind, boolean>> = {
  age: false,
  gender: false,
  city: false,
  birthdayWithin: false,
  consent: false,
  specialCategory: false,
  customField: false,
  spend: true,
  purchaseCount: true,
  averageCheck: true,
  daysSinceLastPurchase: true,
  boughtCategory: true,
  boughtBrand: true,
  boughtSku: true,
  rfm: true,
  churnRisk: true,
  // Reported by mailing systems, not by purchases: re-evaluated when reported (and hourly).
  communication: false,
  // A commit consumes the coupon.
  couponUsed: true,
};

/** Whether a purchase, return or cancel can change who the rule holds for. */
export function dependsOnPurchases(rule: SegmentRule): boolean {
  if (rule.kind === 'and' || rule.kind === 'or') return rule.rules.some(dependsOnPurchases);
  if (rule.kind === 'not') return dependsOnPurchases(rule.rule);
  return readsPurchases[rule.kind];
}
