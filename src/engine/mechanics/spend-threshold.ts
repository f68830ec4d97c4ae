import { type Static, Type } from 'typebox';
import { type Reason, reason } from '../explain/reason.ts';
import { MAX_AMOUNT_MINOR } from '../money/bounds.ts';
import { ProductSelectorSchema } from '../selector/product-selector.ts';
import { describeArgs, scopeText } from './describe-args.ts';
import { maxRepeatsNotApplicable } from './limit-rules.ts';
import { nextDiscount } from './line-discounts.ts';
import type { LineState, Mechanic } from './mechanic.ts';
import { discountReward, refuse } from './outcome.ts';
import { discountableInScope, isReason, linesInScope, totalUnits } from './scope-lines.ts';
import {
  amountOverLines,
  amountOverPortions,
  cheapestUnits,
  percentOffLines,
  percentOffPortions,
  type UnitPortion,
} from './unit-picking.ts';

const RewardSchema = Type.Union([
  Type.Object(
    { kind: Type.Literal('percent'), percentBp: Type.Integer({ minimum: 1, maximum: 10_000 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('amount'),
      amountMinor: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT_MINOR }),
    },
    { additionalProperties: false },
  ),
]);

const bareArgs = Type.Object(
  {
    kind: Type.Literal('spend-threshold'),
    scope: Type.Optional(ProductSelectorSchema),
    tiers: Type.Array(
      Type.Object(
        {
          fromMinor: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT_MINOR }),
          reward: RewardSchema,
        },
        { additionalProperties: false },
      ),
      { minItems: 1, description: 'Strictly ascending by fromMinor' },
    ),
  },
  { additionalProperties: false },
);

export const SpendThresholdArgsSchema = describeArgs(bareArgs, {
  name: { ru: 'Скидка от суммы чека', en: 'Spend thresholds' },
  description: {
    ru: 'Ступенчатая скидка в процентах или суммой по сумме покупки («от 3 000 ₽ — 5 %, от 5 000 ₽ — 10 %»)',
    en: 'A tiered percent or amount off by subtotal ("from 3,000 — 5%, from 5,000 — 10%")',
  },
  example: {
    kind: 'spend-threshold',
    tiers: [
      { fromMinor: 300_000, reward: { kind: 'percent', percentBp: 500 } },
      { fromMinor: 500_000, reward: { kind: 'percent', percentBp: 1000 } },
    ],
  },
  fields: {
    scope: scopeText(
      { categoryIds: ['cosmetics'] },
      {
        ru: 'Необязательно: чья сумма считается и получает скидку; без выборки — весь чек',
        en: 'Optional: whose subtotal counts and gets the discount; without it, the whole cart',
      },
    ),
    tiers: {
      label: { ru: 'Ступени', en: 'Thresholds' },
      hint: { ru: 'По возрастанию суммы', en: 'Ascending by subtotal' },
      example: [{ fromMinor: 300_000, reward: { kind: 'percent', percentBp: 500 } }],
      fields: {
        fromMinor: {
          label: { ru: 'От суммы', en: 'From subtotal' },
          unit: 'money-minor',
          example: 300_000,
        },
        reward: {
          label: { ru: 'Скидка', en: 'Discount' },
          example: { kind: 'percent', percentBp: 500 },
          variants: [
            {
              label: { ru: 'В процентах', en: 'Percent' },
              fields: {
                percentBp: {
                  label: { ru: 'Скидка, %', en: 'Discount, %' },
                  unit: 'percent-bp',
                  example: 500,
                },
              },
            },
            {
              label: { ru: 'Суммой', en: 'Amount' },
              fields: {
                amountMinor: {
                  label: { ru: 'Сумма скидки', en: 'Amount off' },
                  unit: 'money-minor',
                  example: 30_000,
                },
              },
            },
          ],
        },
      },
    },
  },
});

export type SpendThresholdArgs = Static<typeof SpendThresholdArgsSchema>;
type Tier = SpendThresholdArgs['tiers'][number];

/** Reason params describing a tier: how much is missing and what it gives. */
function tierAdvice(
  code: 'threshold_not_met' | 'next_tier',
  tier: Tier,
  subtotalMinor: number,
): Reason {
  const reward: Record<string, number> =
    tier.reward.kind === 'percent'
      ? { rewardBp: tier.reward.percentBp }
      : { rewardMinor: tier.reward.amountMinor };
  return reason(code, {
    missingMinor: tier.fromMinor - subtotalMinor,
    thresholdMinor: tier.fromMinor,
    ...reward,
  });
}

/** The tier's reward on whole lines, written as line discounts (see line-discounts.ts). */
function tierDiscounts(tier: Tier, lines: readonly LineState[]): void {
  const { reward } = tier;
  if (reward.kind === 'percent') percentOffLines(lines, reward.percentBp);
  else amountOverLines(lines, reward.amountMinor);
}

/** The tier's reward on some units only: a percent of each portion, or an amount split by value. */
function portionDiscounts(tier: Tier, portions: readonly UnitPortion[]): void {
  const { reward } = tier;
  if (reward.kind === 'percent') percentOffPortions(portions, reward.percentBp);
  else amountOverPortions(portions, reward.amountMinor);
}

/**
 * "From 3 000 ₽ — 5%, from 5 000 ₽ — 10%": the highest tier the running subtotal (of the scope)
 * reaches applies; below the first tier, and above any lower one, says how much is missing. With
 * a unit limit the reward goes to the cheapest units of the scope only (a weighed line is one
 * unit), while the threshold is still measured on the whole scope. The reward is given once per
 * check, so max repeats has no meaning here and validation refuses it.
 */
export const spendThreshold: Mechanic<SpendThresholdArgs> = {
  code: 'spend-threshold',
  argsSchema: SpendThresholdArgsSchema,
  description: 'Tiered percent or amount off by subtotal',
  indexScope: (args) => args.scope ?? null,
  check: (args) =>
    args.tiers.flatMap((tier, i) =>
      i > 0 && tier.fromMinor <= (args.tiers[i - 1]?.fromMinor ?? 0)
        ? [{ path: `/tiers/${i}/fromMinor`, code: 'not_ascending', message: 'tiers must ascend' }]
        : [],
    ),
  limitRules: (_args, limits) =>
    limits.maxRepeats === undefined
      ? []
      : [maxRepeatsNotApplicable('a spend threshold gives its reward once per check')],
  apply(input) {
    const { args } = input;
    const { tiers } = args;
    // The whole cart needs no copy of its lines just to be summed (most thresholds are cart-wide).
    const counted = args.scope === undefined ? input.lines : linesInScope(input, args.scope);
    let subtotal = 0;
    for (const s of counted) subtotal += s.currentMinor;
    // Tiers ascend: the last one reached and the first one not.
    let reached: Tier | undefined;
    let next: Tier | undefined;
    for (const tier of tiers) {
      if (tier.fromMinor <= subtotal) reached = tier;
      else {
        next = tier;
        break;
      }
    }
    if (reached === undefined) {
      return next === undefined
        ? refuse(reason('no_benefit'))
        : refuse(tierAdvice('threshold_not_met', next, subtotal));
    }
    const eligible = discountableInScope(input, args.scope);
    if (isReason(eligible)) return refuse(eligible);
    const hint = next === undefined ? undefined : tierAdvice('next_tier', next, subtotal);
    const { maxUnits } = input.limits;
    // Whole lines without portion objects when no unit limit bites (the usual case).
    const from = nextDiscount();
    if (maxUnits === null || maxUnits >= totalUnits(eligible)) tierDiscounts(reached, eligible);
    else portionDiscounts(reached, cheapestUnits(eligible, maxUnits));
    return discountReward(from, {
      splittable: reached.reward.kind === 'amount',
      hint,
    });
  },
};
