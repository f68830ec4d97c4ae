import { type Static, type TSchema, Type } from 'typebox';
import { Value } from 'typebox/value';
import { MAX_POINTS, MAX_RUNNING_TOTAL } from '../engine/money/bounds.ts';
import type { FieldProblem } from '../errors.ts';
import { schemaProblems } from '../ledger/schema-problems.ts';

/** Most tiers a programme may have (the seed's limit). */
export const maxTiers = 100;

const BasisPoints = Type.Integer({
  minimum: 0,
  maximum: 10_000,
  description: '1/100 of a percent',
});

export const TierSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 60, pattern: '^[A-Za-z0-9._-]+$' }),
    name: Type.Object(
      {
        ru: Type.String({ minLength: 1, maxLength: 100 }),
        en: Type.String({ minLength: 1, maxLength: 100 }),
      },
      { additionalProperties: false },
    ),
    threshold: Type.Integer({
      minimum: 0,
      maximum: MAX_RUNNING_TOTAL,
      description: 'Kopecks for spent_minor, purchases for purchase_count; 0 = the entry tier',
    }),
    accrualRateBp: Type.Optional(BasisPoints),
    maxRedemptionShareBp: Type.Optional(BasisPoints),
    discountBp: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    welcomeBonusPoints: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_POINTS })),
  },
  { additionalProperties: false, 'x-perk-component': 'Tier' },
);

export const TierPeriodSchema = Type.Union([
  Type.Object(
    { kind: Type.Literal('rolling_days'), days: Type.Integer({ minimum: 1, maximum: 3660 }) },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('calendar_year') }, { additionalProperties: false }),
  // Högl's "accumulated purchases": every purchase ever; such a period never ends.
  Type.Object({ kind: Type.Literal('all_time') }, { additionalProperties: false }),
]);

/** The programme's tiers: how the metric is counted, how customers move, and the tiers, lowest first. */
export const TierProgramSchema = Type.Object(
  {
    metric: Type.Union([Type.Literal('spent_minor'), Type.Literal('purchase_count')]),
    period: TierPeriodSchema,
    comparison: Type.Union([Type.Literal('at_least'), Type.Literal('more_than')], {
      description:
        'at_least: metric ≥ threshold (Högl "from 300 000"); more_than: metric > threshold (Restik "more than 15 000")',
    }),
    autoTransition: Type.Boolean(),
    downgradeAtPeriodEnd: Type.Boolean(),
    tiers: Type.Array(TierSchema, { maxItems: maxTiers }),
  },
  { additionalProperties: false, 'x-perk-component': 'TierProgram' },
);

export type Tier = Static<typeof TierSchema>;
export type TierPeriod = Static<typeof TierPeriodSchema>;
export type TierProgram = Static<typeof TierProgramSchema>;

export type TierProgramResult =
  | { ok: true; program: TierProgram }
  | { ok: false; problems: FieldProblem[] };

/**
 * Validates a tier programme, collecting every problem (field = JSON pointer). Codes: those of
 * the schema (`invalid_type`, `out_of_range`, `invalid_value`, `invalid_format`, `required`,
 * `unknown_field`), `too_many_tiers`, `duplicate_tier`, `thresholds_not_ascending` (tiers are
 * listed lowest first, thresholds strictly rising), `no_period_end` (downgrades with an all-time period). A tier without rates takes the points
 * programme's; without `discountBp` it gives no discount.
 */
export function validateTierProgram(input: unknown): TierProgramResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      problems: [{ field: '', code: 'invalid_type', message: 'must be an object' }],
    };
  }
  const record = input as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const fields = TierProgramSchema.properties as Record<string, TSchema>;
  for (const name of new Set([...Object.keys(fields), ...Object.keys(record)])) {
    if (name === 'tiers') continue;
    problems.push(...fieldProblems(fields[name], record[name], `/${name}`));
  }
  problems.push(...tiersProblems(record.tiers));
  const period = record.period as { kind?: unknown } | undefined;
  if (record.downgradeAtPeriodEnd === true && period?.kind === 'all_time') {
    const message = 'an all-time period never ends, so nobody could be moved down';
    problems.push({ field: '/downgradeAtPeriodEnd', code: 'no_period_end', message });
  }
  if (problems.length > 0 || !Value.Check(TierProgramSchema, input)) return { ok: false, problems };
  return { ok: true, program: input };
}

// TypeBox stops after 8 errors per call; a programme of 100 tiers is checked tier by tier so that
// every problem is listed.
function tiersProblems(tiers: unknown): FieldProblem[] {
  if (!Array.isArray(tiers)) return fieldProblems(Type.Array(TierSchema), tiers, '/tiers');
  const problems: FieldProblem[] = [];
  if (tiers.length > maxTiers) {
    problems.push({
      field: '/tiers',
      code: 'too_many_tiers',
      message: `at most ${maxTiers} tiers`,
    });
  }
  const seen = new Set<string>();
  let previous: number | undefined;
  tiers.forEach((tier: unknown, i) => {
    const path = `/tiers/${i}`;
    problems.push(...fieldProblems(TierSchema, tier, path));
    // Order and uniqueness are checked on whatever id and threshold are usable, so they are
    // reported together with the tier's other problems.
    const { id, threshold } = (tier ?? {}) as { id?: unknown; threshold?: unknown };
    if (typeof id === 'string') {
      if (seen.has(id)) {
        problems.push({
          field: `${path}/id`,
          code: 'duplicate_tier',
          message: `"${id}" is listed twice`,
        });
      }
      seen.add(id);
    }
    if (typeof threshold !== 'number') return;
    if (previous !== undefined && threshold <= previous) {
      problems.push({
        field: `${path}/threshold`,
        code: 'thresholds_not_ascending',
        message: `must be above the previous tier's ${previous}: tiers are listed lowest first`,
      });
    }
    previous = threshold;
  });
  return problems;
}

function fieldProblems(schema: TSchema | undefined, value: unknown, path: string): FieldProblem[] {
  if (schema === undefined)
    return [{ field: path, code: 'unknown_field', message: 'is not a known field' }];
  if (value === undefined) return [{ field: path, code: 'required', message: 'is required' }];
  return schemaProblems(Value.Errors(schema, value)).map((p) => ({
    field: `${path}${p.path}`,
    code: p.code,
    message: p.message,
  }));
}
