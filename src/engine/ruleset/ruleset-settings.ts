import { type Static, Type } from 'typebox';

/**
 * Most promotions a `best-order` group may hold (not archived): every order of its members is
 * tried at each calculation, 5! = 120 orders at most, so a till never waits for it.
 */
export const BEST_ORDER_GROUP_CAP = 5;

export const StackingModeSchema = Type.Enum(['cumulative', 'first', 'best', 'best-order'], {
  description:
    'cumulative: all apply in priority order; first: the first that applies; best: the set of ' +
    'promotions (at most one per line) giving the customer the lowest total; best-order: all ' +
    'that apply, in the order giving the customer the lowest total (ties by priority; at most ' +
    `${BEST_ORDER_GROUP_CAP} promotions in the group)`,
});

export const StackingGroupSchema = Type.Object(
  { id: Type.String({ minLength: 1 }), mode: StackingModeSchema },
  { additionalProperties: false },
);

const Bp = Type.Integer({ minimum: 0, maximum: 10_000 });

export const RulesetSettingsSchema = Type.Object(
  {
    stackingGroups: Type.Array(StackingGroupSchema, {
      description: 'In application order; promotions of an unlisted group come after, cumulative',
    }),
    maxLineDiscountBp: Bp,
    maxCheckDiscountBp: Bp,
    manualDiscountLimitsBp: Type.Record(Type.String(), Bp, {
      description: 'Largest manual discount per cashier role; a role not listed may give none',
    }),
    roundTotalDownToMinor: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 10_000,
        description:
          'Round every check total down to a multiple of this many kopecks, in the customer’s ' +
          'favour (100: whole roubles, 1 000: 10 ₽); 0 or absent: no rounding. Not a promotion: ' +
          'the discount limits do not apply to it, but minimum prices and no-discount products do',
      }),
    ),
    marginCeilingBp: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 10_000,
        description:
          'Promotion watch: a combined discount on a product above this share of its price is ' +
          'reported as a margin risk (absent: 5 000, half the price). Not read by calculations',
      }),
    ),
  },
  { additionalProperties: false, 'x-perk-component': 'RulesetSettings' },
);

export type StackingMode = Static<typeof StackingModeSchema>;
export type StackingGroup = Static<typeof StackingGroupSchema>;
export type RulesetSettings = Static<typeof RulesetSettingsSchema>;

export const defaultRulesetSettings: RulesetSettings = {
  stackingGroups: [{ id: 'default', mode: 'cumulative' }],
  maxLineDiscountBp: 10_000,
  maxCheckDiscountBp: 10_000,
  manualDiscountLimitsBp: {},
  roundTotalDownToMinor: 0,
};
