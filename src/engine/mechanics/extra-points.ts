import { type Static, Type } from 'typebox';
import { reason } from '../explain/reason.ts';
import { allocate } from '../money/allocate.ts';
import { mulDivFloor } from '../money/rounding.ts';
import { ProductSelectorSchema } from '../selector/product-selector.ts';
import type { LineState, Mechanic, MechanicInput } from './mechanic.ts';
import { pointsReward, refuse } from './outcome.ts';
import { linesInScope } from './scope-lines.ts';

export const ExtraPointsArgsSchema = Type.Object(
  {
    kind: Type.Literal('extra-points'),
    scope: Type.Optional(ProductSelectorSchema),
    award: Type.Union([
      Type.Object(
        { kind: Type.Literal('fixed'), points: Type.Integer({ minimum: 1 }) },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          kind: Type.Literal('percent'),
          percentBp: Type.Integer({ minimum: 1, maximum: 100_000 }),
        },
        { additionalProperties: false, description: 'Points worth this share of the amount paid' },
      ),
      Type.Object(
        { kind: Type.Literal('multiplier'), multiplierBp: Type.Integer({ minimum: 10_001 }) },
        {
          additionalProperties: false,
          description: '20 000 = double points: adds (×−1) of the base accrual',
        },
      ),
    ]),
  },
  { additionalProperties: false },
);

export type ExtraPointsArgs = Static<typeof ExtraPointsArgsSchema>;

/** Points of the whole award, rounded down once, before they are split over the lines. */
function awardPoints(input: MechanicInput<ExtraPointsArgs>, paidMinor: number): number {
  const { award } = input.args;
  const pointValue = input.settings.pointValueMinor;
  if (award.kind === 'fixed') return award.points;
  if (award.kind === 'percent') return mulDivFloor(paidMinor, award.percentBp, 10_000 * pointValue);
  const base = input.context.accrualRateBp ?? 0;
  const extraRate = mulDivFloor(base, award.multiplierBp - 10_000, 10_000);
  return mulDivFloor(paidMinor, extraRate, 10_000 * pointValue);
}

/**
 * "+200 points for 5 000 ₽", "5% back in points", "double points on cosmetics": bonus points (not
 * money) on the running amounts of the lines in scope that allow accrual, computed once and split
 * over those lines by largest remainder.
 */
export const extraPoints: Mechanic<ExtraPointsArgs> = {
  code: 'extra-points',
  argsSchema: ExtraPointsArgsSchema,
  description:
    'Bonus points: fixed, a percent of the amount paid, or a multiplier of the base rate',
  indexScope: (args) => args.scope ?? null,
  apply(input) {
    const inScope = linesInScope(input, input.args.scope);
    const earning = inScope.filter((s: LineState) => !s.line.noAccrual && s.currentMinor > 0);
    if (earning.length === 0) {
      const excluded = inScope.find((s) => s.line.noAccrual);
      return refuse(
        excluded
          ? reason('product_excluded', { sku: excluded.line.sku })
          : reason('no_eligible_lines'),
      );
    }
    if (input.args.award.kind === 'multiplier' && !input.context.accrualRateBp) {
      return refuse(reason('no_base_accrual'));
    }
    const weights = earning.map((s) => s.currentMinor);
    const total = awardPoints(
      input,
      weights.reduce((a, b) => a + b, 0),
    );
    const shares = allocate(total, weights);
    return pointsReward(earning.map((s, k) => ({ index: s.index, points: shares[k] ?? 0 })));
  },
};
