import { type Static, type TSchema, Type } from 'typebox';
import { Value } from 'typebox/value';
import { isTimeZone } from '../calendar/time-zone.ts';
import { MAX_AMOUNT_MINOR, MAX_POINT_VALUE_MINOR } from '../engine/money/bounds.ts';
import { ProductSelectorSchema } from '../engine/selector/product-selector.ts';
import { type SettingsProblem, schemaProblems } from './schema-problems.ts';

const BasisPoints = Type.Integer({
  minimum: 0,
  maximum: 10_000,
  description: '1/100 of a percent',
});
const PerTier = Type.Record(Type.String(), BasisPoints, { description: 'tierId → basis points' });

export const ExpirySchema = Type.Object(
  {
    unit: Type.Union([Type.Literal('days'), Type.Literal('months')]),
    count: Type.Integer({ minimum: 1, maximum: 1200 }),
  },
  { additionalProperties: false },
);

/** The loyalty programme's points rules. Amounts in minor units, rates in basis points. */
export const ProgramSettingsSchema = Type.Object(
  {
    currency: Type.String({
      pattern: '^[A-Z]{3}$',
      description:
        'ISO 4217 code of a currency with two decimals (RUB, KZT, USD…): amounts are in its ' +
        'hundredths, and texts write them in it',
    }),
    pointValueMinor: Type.Integer({
      minimum: 1,
      maximum: MAX_POINT_VALUE_MINOR,
      description: 'money value of one point',
    }),
    accrualRateBp: BasisPoints,
    accrualRateBpByTier: PerTier,
    accrualRounding: Type.Union([Type.Literal('down'), Type.Literal('half_up')]),
    maxRedemptionShareBp: BasisPoints,
    maxRedemptionShareBpByTier: PerTier,
    minMoneyPaidMinor: Type.Integer({
      minimum: 0,
      maximum: MAX_AMOUNT_MINOR,
      description: 'least a check pays in money',
    }),
    pendingDays: Type.Integer({ minimum: 0, maximum: 3650, description: 'return period' }),
    expiry: Type.Union([Type.Null(), ExpirySchema]),
    timeZone: Type.String({ minLength: 1, description: 'IANA zone, e.g. Europe/Moscow' }),
    returnPolicyWhenSpent: Type.Union([
      Type.Literal('negative_balance'),
      Type.Literal('deduct_available'),
    ]),
    accrualExclusions: Type.Union([Type.Null(), ProductSelectorSchema], {
      description:
        'Products that earn no programme rate (promotion bonuses still apply); null: none',
    }),
  },
  { additionalProperties: false, 'x-perk-component': 'ProgramSettings' },
);

export type ProgramSettings = Static<typeof ProgramSettingsSchema>;
export type Expiry = Static<typeof ExpirySchema>;
export type ReturnPolicyWhenSpent = ProgramSettings['returnPolicyWhenSpent'];

/**
 * The seed programme: 3% cashback, points pay up to 20% of a check, 1 point = 1 ₽, points
 * spendable after the 14-day return period and never expiring.
 */
export const defaultProgramSettings: ProgramSettings = {
  currency: 'RUB',
  pointValueMinor: 100,
  accrualRateBp: 300,
  accrualRateBpByTier: {},
  accrualRounding: 'down',
  maxRedemptionShareBp: 2_000,
  maxRedemptionShareBpByTier: {},
  minMoneyPaidMinor: 0,
  pendingDays: 14,
  expiry: null,
  timeZone: 'Europe/Moscow',
  returnPolicyWhenSpent: 'negative_balance',
  accrualExclusions: null,
};

export type SettingsResult =
  | { ok: true; settings: ProgramSettings }
  | { ok: false; problems: SettingsProblem[] };

/**
 * Fills absent top-level settings from {@link defaultProgramSettings} and validates the result,
 * collecting every problem (`path` is a JSON pointer). Codes: `invalid_type`, `out_of_range`,
 * `invalid_value`, `invalid_format`, `required`, `unknown_field`, `unknown_time_zone`,
 * `unsupported_currency`. With `complete`, nothing is filled: every absent setting is a
 * `required` problem (a replacement).
 */
export function validateProgramSettings(
  input: unknown,
  options: { complete?: boolean } = {},
): SettingsResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      problems: [{ path: '', code: 'invalid_type', message: 'settings must be an object' }],
    };
  }
  const candidate: Record<string, unknown> = options.complete
    ? { ...input }
    : { ...defaultProgramSettings, ...input };
  const problems = Object.keys(candidate).flatMap((name) => fieldProblems(name, candidate[name]));
  for (const name of Object.keys(ProgramSettingsSchema.properties)) {
    if (!Object.hasOwn(candidate, name))
      problems.push({ path: `/${name}`, code: 'required', message: 'is required' });
  }
  const { timeZone } = candidate as { timeZone: unknown };
  if (typeof timeZone === 'string' && timeZone !== '' && !isTimeZone(timeZone)) {
    const message = `"${timeZone}" is not an IANA time zone`;
    problems.push({ path: '/timeZone', code: 'unknown_time_zone', message });
  }
  const { currency } = candidate as { currency: unknown };
  if (typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) && !hasCents(currency)) {
    const message = `"${currency}" is not an ISO 4217 currency with two decimals (kopecks, cents)`;
    problems.push({ path: '/currency', code: 'unsupported_currency', message });
  }
  if (problems.length > 0 || !Value.Check(ProgramSettingsSchema, candidate)) {
    return { ok: false, problems };
  }
  return { ok: true, settings: candidate };
}

// Amounts are kept in hundredths: a currency must be known and have exactly two decimals.
function hasCents(currency: string): boolean {
  if (!Intl.supportedValuesOf('currency').includes(currency)) return false;
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  return format.resolvedOptions().maximumFractionDigits === 2;
}

// TypeBox stops after a global maximum of 8 errors per call; checking field by field keeps every
// field's problems without changing that process-wide setting.
function fieldProblems(name: string, value: unknown): SettingsProblem[] {
  const path = `/${name}`;
  const schema = (ProgramSettingsSchema.properties as Record<string, TSchema>)[name];
  if (schema === undefined) {
    return [{ path, code: 'unknown_field', message: 'is not a known setting' }];
  }
  const problems = schemaProblems(Value.Errors(schema, value));
  return problems.map((problem) => ({ ...problem, path: `${path}${problem.path}` }));
}

/** Accrual rate in basis points for a customer's tier (the programme rate when not overridden). */
export function accrualRateBpFor(settings: ProgramSettings, tierId: string | null): number {
  return (
    (tierId === null ? undefined : settings.accrualRateBpByTier[tierId]) ?? settings.accrualRateBp
  );
}

/** Largest share of a check payable by points, in basis points, for a customer's tier. */
export function maxRedemptionShareBpFor(settings: ProgramSettings, tierId: string | null): number {
  return (
    (tierId === null ? undefined : settings.maxRedemptionShareBpByTier[tierId]) ??
    settings.maxRedemptionShareBp
  );
}
