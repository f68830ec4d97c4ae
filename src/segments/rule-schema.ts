import { type Static, Type } from 'typebox';
import { MAX_RUNNING_TOTAL } from '../engine/money/bounds.ts';

// Leaves of the rule language, one object schema each; `kind` is the stable code. Money in
// kopecks, windows in calendar days of the programme's zone ending today (`days: 30` is today
// and the 29 days before it); a window left out means the whole history.
// Money in kopecks, counts, days or years: bounded like any running total (see engine/money/bounds.ts).
const Bound = Type.Integer({ minimum: 0, maximum: MAX_RUNNING_TOTAL });
const Days = Type.Integer({ minimum: 1, maximum: 3660 });
const Score = Type.Integer({ minimum: 1, maximum: 5 });
const Code = Type.String({ minLength: 1, maxLength: 100 });
const strict = { additionalProperties: false } as const;

export const leafSchemas = {
  age: Type.Object(
    { kind: Type.Literal('age'), min: Type.Optional(Bound), max: Type.Optional(Bound) },
    strict,
  ),
  gender: Type.Object(
    {
      kind: Type.Literal('gender'),
      is: Type.Union([Type.Literal('male'), Type.Literal('female')]),
    },
    strict,
  ),
  city: Type.Object(
    { kind: Type.Literal('city'), in: Type.Array(Code, { minItems: 1, maxItems: 1000 }) },
    strict,
  ),
  birthdayWithin: Type.Object(
    { kind: Type.Literal('birthdayWithin'), days: Type.Integer({ minimum: 0, maximum: 366 }) },
    strict,
  ),
  consent: Type.Object(
    { kind: Type.Literal('consent'), channel: Code, given: Type.Boolean() },
    strict,
  ),
  specialCategory: Type.Object({ kind: Type.Literal('specialCategory'), is: Code }, strict),
  customField: Type.Object(
    {
      kind: Type.Literal('customField'),
      key: Code,
      op: Type.Union([
        Type.Literal('eq'),
        Type.Literal('ne'),
        Type.Literal('gt'),
        Type.Literal('gte'),
        Type.Literal('lt'),
        Type.Literal('lte'),
        Type.Literal('exists'),
      ]),
      value: Type.Optional(
        Type.Union([
          Type.String(),
          Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }),
          Type.Boolean(),
        ]),
      ),
    },
    strict,
  ),
  spend: Type.Object(
    {
      kind: Type.Literal('spend'),
      days: Type.Optional(Days),
      min: Type.Optional(Bound),
      max: Type.Optional(Bound),
    },
    strict,
  ),
  purchaseCount: Type.Object(
    {
      kind: Type.Literal('purchaseCount'),
      days: Type.Optional(Days),
      min: Type.Optional(Bound),
      max: Type.Optional(Bound),
    },
    strict,
  ),
  averageCheck: Type.Object(
    {
      kind: Type.Literal('averageCheck'),
      days: Type.Optional(Days),
      min: Type.Optional(Bound),
      max: Type.Optional(Bound),
    },
    strict,
  ),
  daysSinceLastPurchase: Type.Object(
    {
      kind: Type.Literal('daysSinceLastPurchase'),
      min: Type.Optional(Bound),
      max: Type.Optional(Bound),
    },
    strict,
  ),
  boughtCategory: Type.Object(
    { kind: Type.Literal('boughtCategory'), categoryId: Code, days: Type.Optional(Days) },
    strict,
  ),
  boughtBrand: Type.Object(
    { kind: Type.Literal('boughtBrand'), brand: Code, days: Type.Optional(Days) },
    strict,
  ),
  boughtSku: Type.Object(
    { kind: Type.Literal('boughtSku'), sku: Code, days: Type.Optional(Days) },
    strict,
  ),
  rfm: Type.Object(
    {
      kind: Type.Literal('rfm'),
      score: Type.Union([
        Type.Literal('recency'),
        Type.Literal('frequency'),
        Type.Literal('monetary'),
      ]),
      min: Type.Optional(Score),
      max: Type.Optional(Score),
    },
    strict,
  ),
  churnRisk: Type.Object({ kind: Type.Literal('churnRisk'), atRisk: Type.Boolean() }, strict),
  communication: Type.Object(
    {
      kind: Type.Literal('communication'),
      event: Type.Union([
        Type.Literal('sent'),
        Type.Literal('delivered'),
        Type.Literal('opened'),
        Type.Literal('clicked'),
        Type.Literal('unsubscribed'),
      ]),
      channel: Type.Optional(Code),
      campaign: Type.Optional(Code),
      days: Type.Optional(Days),
      min: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    },
    strict,
  ),
  couponUsed: Type.Object(
    {
      kind: Type.Literal('couponUsed'),
      seriesId: Type.Optional(Code),
      days: Type.Optional(Days),
      min: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    },
    strict,
  ),
} as const;

type Leaves = typeof leafSchemas;
/** One condition on one customer fact. */
export type LeafRule = { [K in keyof Leaves]: Static<Leaves[K]> }[keyof Leaves];
export type LeafKind = LeafRule['kind'];

/** A segment rule: a leaf, or leaves combined with AND, OR and NOT, nested at will. */
export type SegmentRule =
  | LeafRule
  | { kind: 'and'; rules: SegmentRule[] }
  | { kind: 'or'; rules: SegmentRule[] }
  | { kind: 'not'; rule: SegmentRule };

/** The rule as the OpenAPI document shows it; {@link validateRule} checks it whole. */
export const SegmentRuleSchema = Type.Object(
  { kind: Type.String() },
  {
    additionalProperties: true,
    description:
      'A leaf (kind: age, gender, city, birthdayWithin, consent, specialCategory, customField, ' +
      'spend, purchaseCount, averageCheck, daysSinceLastPurchase, boughtCategory, boughtBrand, ' +
      'boughtSku, rfm, churnRisk, communication, couponUsed) or {kind: and|or, rules: [...]} ' +
      'or {kind: not, rule}',
    'x-perk-component': 'SegmentRule',
  },
);
