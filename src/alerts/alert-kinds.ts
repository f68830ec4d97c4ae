import { type TSchema, Type } from 'typebox';
import type { AlertKind, ParamSpec } from './alert-kind.ts';
import { budgetUsed } from './kinds/budget-used.ts';
import { integrationFailures } from './kinds/integration-failures.ts';
import { jobFailed } from './kinds/job-failed.ts';
import { liabilityGrowth } from './kinds/liability-growth.ts';
import { promotionIdle } from './kinds/promotion-idle.ts';
import { watchConflict } from './kinds/watch-conflict.ts';

/** Every kind of alert a rule may be, in the order the console lists them. */
export const alertKinds: readonly AlertKind[] = [
  integrationFailures,
  promotionIdle,
  budgetUsed,
  liabilityGrowth,
  jobFailed,
  watchConflict,
];

export const alertKindNames = alertKinds.map((kind) => kind.kind);

export function findAlertKind(name: string): AlertKind | undefined {
  return alertKinds.find((kind) => kind.kind === name);
}

/** The schema of a kind's `params`, built from its parameter list: every one optional (default). */
export function paramsSchema(kind: AlertKind): TSchema {
  const properties: Record<string, TSchema> = {};
  for (const param of kind.params) properties[param.name] = Type.Optional(paramSchema(param));
  return Type.Object(properties, { additionalProperties: false });
}

function paramSchema(param: ParamSpec): TSchema {
  const described = { description: `${param.label.en} / ${param.label.ru}` };
  return param.type === 'integer'
    ? Type.Integer({ minimum: param.minimum, maximum: param.maximum, ...described })
    : Type.Enum([...param.choices], described);
}

/** The given params with each one absent set to its default. */
export function withDefaults(
  kind: AlertKind,
  params: Readonly<Record<string, unknown>>,
): Record<string, number | string> {
  const full: Record<string, number | string> = {};
  for (const param of kind.params) {
    full[param.name] = (params[param.name] as number | string | undefined) ?? param.default;
  }
  return full;
}
