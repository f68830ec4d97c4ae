import { type Static, Type } from 'typebox';
import { reason } from '../explain/reason.ts';
import { allocate } from '../money/allocate.ts';
import { MAX_MULTIPLIER_BP, MAX_POINTS, MAX_QUANTITY } from '../money/bounds.ts';
import { mulDivFloor } from '../money/rounding.ts';
import { ProductSelectorSchema } from '../selector/product-selector.ts';
import { describeArgs, scopeText } from './describe-args.ts';
import { maxRepeatsNotApplicable } from './limit-rules.ts';
import type {
  LineState,
  Mechanic,
  MechanicInput,
  MechanicOutcome,
  UsageLimits,
} from './mechanic.ts';
import { pointsReward, refuse } from './outcome.ts';
import { linesInScope, totalUnits, unitAllowance } from './scope-lines.ts';
import { cheapestUnits, portionValue } from './unit-picking.ts';

const bareArgs = Type.Object(
  {
    kind: Type.Literal('extra-points'),
    scope: Type.Optional(ProductSelectorSchema),
    award: Type.Union([
      Type.Object(
        {
          kind: Type.Literal('fixed'),
          points: Type.Integer({ minimum: 1, maximum: MAX_POINTS }),
          perUnits: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: MAX_QUANTITY,
              description: 'Repeat once per this many units in scope (up to max repeats)',
            }),
          ),
        },
        { additionalProperties: false, description: 'Given once per check, unless perUnits' },
      ),
      Type.Object(
        {
          kind: Type.Literal('percent'),
          percentBp: Type.Integer({ minimum: 1, maximum: 100_000 }),
        },
        { additionalProperties: false, description: 'Points worth this share of the amount paid' },
      ),
      Type.Object(
        {
          kind: Type.Literal('multiplier'),
          multiplierBp: Type.Integer({ minimum: 10_001, maximum: MAX_MULTIPLIER_BP }),
        },
        {
          additionalProperties: false,
          description: '20 000 = double points: adds (×−1) of the base accrual',
        },
      ),
    ]),
  },
  { additionalProperties: false },
);

export const ExtraPointsArgsSchema = describeArgs(bareArgs, {
  name: { ru: 'Дополнительные баллы', en: 'Extra points' },
  description: {
    ru: 'Бонусные баллы: фиксированное число, процент от оплаченной суммы или множитель базового начисления',
    en: 'Bonus points: a fixed number, a percent of the amount paid, or a multiplier of the base rate',
  },
  example: {
    kind: 'extra-points',
    scope: { categoryIds: ['cosmetics'] },
    award: { kind: 'multiplier', multiplierBp: 20_000 },
  },
  fields: {
    scope: scopeText(
      { categoryIds: ['cosmetics'] },
      {
        ru: 'Необязательно: за какие позиции начисляются баллы; без выборки — за весь чек',
        en: 'Optional: which lines earn the points; without it, the whole cart',
      },
    ),
    award: {
      label: { ru: 'Начисление', en: 'Award' },
      example: { kind: 'fixed', points: 200 },
      variants: [
        {
          label: { ru: 'Фиксированное число баллов', en: 'Fixed points' },
          fields: {
            points: { label: { ru: 'Баллы', en: 'Points' }, unit: 'points', example: 200 },
            perUnits: {
              label: { ru: 'За каждые N единиц', en: 'Per this many units' },
              hint: {
                ru: 'Необязательно: без этого — один раз за чек',
                en: 'Optional: without it, once per check',
              },
              unit: 'pieces',
              example: 1,
            },
          },
        },
        {
          label: { ru: 'Процент от оплаченной суммы', en: 'Percent of the amount paid' },
          fields: {
            percentBp: {
              label: { ru: 'Баллы, % от суммы', en: 'Points, % of the amount' },
              unit: 'percent-bp',
              example: 500,
            },
          },
        },
        {
          label: { ru: 'Множитель начисления', en: 'Accrual multiplier' },
          fields: {
            multiplierBp: {
              label: { ru: 'Множитель', en: 'Multiplier' },
              hint: { ru: '×2 — двойные баллы', en: '×2 is double points' },
              unit: 'multiplier-bp',
              example: 20_000,
            },
          },
        },
      ],
    },
  },
});

export type ExtraPointsArgs = Static<typeof ExtraPointsArgsSchema>;
type Award = ExtraPointsArgs['award'];

/**
 * Units the award may be computed on (Infinity: all). Percent and multiplier awards are per unit,
 * so max repeats caps their units as in percent-off; a fixed award repeats by `perUnits` instead.
 */
function unitCap(award: Award, limits: UsageLimits): number {
  return award.kind === 'fixed' ? (limits.maxUnits ?? Infinity) : unitAllowance(limits);
}

/**
 * Points of the whole award on `paidMinor` over `units` units, rounded down once, before they are
 * split. A fixed award with `perUnits` gives its points once per that many units, up to max
 * repeats (0 when too few).
 */
function awardPoints(input: MechanicInput<ExtraPointsArgs>, paidMinor: number, units: number) {
  const { award } = input.args;
  const pointValue = input.settings.pointValueMinor;
  if (award.kind === 'fixed') {
    if (award.perUnits === undefined) return award.points;
    const repeats = Math.floor(units / award.perUnits);
    return award.points * Math.min(repeats, input.limits.maxRepeats ?? Infinity);
  }
  if (award.kind === 'percent') return mulDivFloor(paidMinor, award.percentBp, 10_000 * pointValue);
  const base = input.context.accrualRateBp ?? 0;
  const extraRate = mulDivFloor(base, award.multiplierBp - 10_000, 10_000);
  return mulDivFloor(paidMinor, extraRate, 10_000 * pointValue);
}

/**
 * The award on the counted units, split over their lines by largest remainder: `weights` are
 * those units' running amounts on each of `states` (cart order); `units` is their number, or null
 * when they are every unit of `states` (counted only if the award needs it).
 */
function awarded(
  input: MechanicInput<ExtraPointsArgs>,
  states: readonly LineState[],
  weights: readonly number[],
  units: number | null,
): MechanicOutcome {
  const { award } = input.args;
  const perUnits = award.kind === 'fixed' ? award.perUnits : undefined;
  // Only a repeating fixed award depends on the number of units: otherwise they are not counted.
  const unitCount = perUnits === undefined ? 0 : (units ?? totalUnits(states));
  if (perUnits !== undefined && unitCount < perUnits) {
    return refuse(reason('min_quantity_not_met', { missingUnits: perUnits - unitCount }));
  }
  let paidMinor = 0;
  for (const weight of weights) paidMinor += weight;
  const shares = allocate(awardPoints(input, paidMinor, unitCount), weights);
  return pointsReward(states.map((s, k) => ({ index: s.index, points: shares[k] ?? 0 })));
}

/**
 * "+200 points for 5 000 ₽", "+50 points per pack", "5% back in points", "double points on
 * cosmetics": bonus points (not money) on the running amounts of the lines in scope that allow
 * accrual, computed once and split over those lines by largest remainder. With a unit limit the
 * award is computed on, and split over, the cheapest units only (a weighed line is one unit).
 * A fixed award is given once per check, or with `perUnits` once per that many units, up to max
 * repeats; for percent and multiplier awards max repeats caps the units, as in percent-off.
 */
export const extraPoints: Mechanic<ExtraPointsArgs> = {
  code: 'extra-points',
  argsSchema: ExtraPointsArgsSchema,
  description:
    'Bonus points: fixed, a percent of the amount paid, or a multiplier of the base rate',
  indexScope: (args) => args.scope ?? null,
  limitRules(args, limits) {
    if (args.award.kind !== 'fixed') return [];
    const { perUnits } = args.award;
    if (perUnits === undefined) {
      return limits.maxRepeats === undefined
        ? []
        : [maxRepeatsNotApplicable('a fixed award is given once per check unless it has perUnits')];
    }
    const maxUnits = limits.maxUnitsPerCheck;
    if (maxUnits === undefined || maxUnits >= perUnits) return [];
    return [
      {
        path: '/limits/maxUnitsPerCheck',
        code: 'out_of_range',
        message: `the award needs ${perUnits} units, so maxUnitsPerCheck must be at least that`,
      },
    ];
  },
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
    const cap = unitCap(input.args.award, input.limits);
    // Whole lines without portion objects when no unit limit bites (the usual case).
    if (cap === Infinity || cap >= totalUnits(earning)) {
      return awarded(
        input,
        earning,
        earning.map((s) => s.currentMinor),
        null,
      );
    }
    const portions = cheapestUnits(earning, cap);
    return awarded(
      input,
      portions.map((p) => p.state),
      portions.map(portionValue),
      cap,
    );
  },
};
