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

/** A family of facts `loadFacts` reads with one query of its own; the profile is always read. */
export type FactFamily = 'days' | 'skus' | 'rfm' | 'communications' | 'couponUses';

// Per leaf: the facts it reads beyond the profile. A record for the same reason as above.
const leafFacts: Readonly<Record<LeafKind, readonly FactFamily[]>> = {
  age: [],
  gender: [],
  city: [],
  birthdayWithin: [],
  consent: [],
  specialCategory: [],
  customField: [],
  spend: ['days'],
  purchaseCount: ['days'],
  averageCheck: ['days'],
  daysSinceLastPurchase: ['days'],
  boughtCategory: ['skus'],
  boughtBrand: ['skus'],
  boughtSku: ['skus'],
  rfm: ['rfm'],
  churnRisk: ['days'],
  communication: ['communications'],
  couponUsed: ['couponUses'],
};

/** Every fact family, for a caller that evaluates rules it does not know in advance. */
export const allFacts: ReadonlySet<FactFamily> = new Set(Object.values(leafFacts).flat());

/**
 * The fact families the rules read: a walk over every customer loads only these (a profile-only
 * segment reads no purchases, and no rule on bought categories means no catalogue walk).
 */
export function factsReadBy(rules: readonly SegmentRule[]): Set<FactFamily> {
  const needed = new Set<FactFamily>();
  const visit = (rule: SegmentRule): void => {
    if (rule.kind === 'and' || rule.kind === 'or') rule.rules.forEach(visit);
    else if (rule.kind === 'not') visit(rule.rule);
    else for (const family of leafFacts[rule.kind]) needed.add(family);
  };
  rules.forEach(visit);
  return needed;
}
