import { isCalendarDate } from '../calendar/day-number.ts';
import { MAX_POINTS } from '../engine/money/bounds.ts';
import type { FieldProblem } from '../errors.ts';
import { type ProgramSettings, validateProgramSettings } from '../ledger/program-settings.ts';
import { type TierProgram, validateTierProgram } from '../tiers/tier-program.ts';

/**
 * A candidate programme: the tier programme and points settings it would be launched with (the
 * same documents `PUT /v1/tiers` and `PUT /v1/settings/program` take), a welcome bonus credited
 * at a customer's first check after launch, and the assumed redemption behaviour: that share of
 * customers spends the most points each check allows, the others never spend.
 */
export interface SimulationModel {
  name: string;
  tierProgram: TierProgram;
  /** Complete: what the model gives over the live programme's settings. */
  settings: ProgramSettings;
  welcomeBonusPoints: number;
  redeemersShareBp: number;
}

/**
 * A scenario of what the programme changes, each a signed change in basis points (+1 000 =
 * +10%): how many new customers come, how often customers buy, how much a check holds.
 */
export interface SimulationScenario {
  name: string;
  newCustomersBp: number;
  frequencyBp: number;
  averageCheckBp: number;
}

export interface SimulationRequest {
  /** First and last month replayed (YYYY-MM, inclusive), in the live programme's zone. */
  fromMonth: string;
  toMonth: string;
  /** Gross margin of sales before any programme cost, basis points. */
  grossMarginBp: number;
  models: SimulationModel[];
  scenarios: SimulationScenario[];
}

export const maxModels = 4;
export const maxScenarios = 3;
export const maxMonths = 24;
// A scenario may at most triple a quantity, or take it all away.
const maxChangeBp = 20_000;
const minChangeBp = -10_000;

/** A model as it arrives: settings are only what differs from the live programme's. */
export interface SimulationModelInput {
  name?: unknown;
  tierProgram?: unknown;
  settings?: unknown;
  welcomeBonusPoints?: unknown;
  redeemersShareBp?: unknown;
}

export type SimulationRequestResult =
  | { ok: true; request: SimulationRequest }
  | { ok: false; problems: FieldProblem[] };

/**
 * Checks a request, collecting every problem (JSON pointers): the months (`invalid_month`,
 * `invalid_period` when the last is before the first, `period_too_long` past 24), 1–4 models
 * (`too_many_models`, `no_models`), each a tier programme and settings as their own validators
 * check them (their codes, under `/models/i/tierProgram` and `/models/i/settings`), 1–3
 * scenarios (`too_many_scenarios`, `no_scenarios`) with changes between −10 000 and +20 000 bp
 * (`out_of_range`), names unique (`duplicate_name`). Settings absent from a model are the
 * live programme's (`live`).
 */
export function validateSimulationRequest(
  input: Record<string, unknown>,
  live: ProgramSettings,
): SimulationRequestResult {
  const problems: FieldProblem[] = [];
  const add = (field: string, code: string, message: string) =>
    problems.push({ field, code, message });
  const fromMonth = month(input.fromMonth, '/fromMonth', add);
  const toMonth = month(input.toMonth, '/toMonth', add);
  if (fromMonth !== null && toMonth !== null) {
    const count = monthsBetween(fromMonth, toMonth);
    if (count < 1) add('/toMonth', 'invalid_period', 'must not be before `fromMonth`');
    else if (count > maxMonths) {
      add('/toMonth', 'period_too_long', `a simulation covers at most ${maxMonths} months`);
    }
  }
  const grossMarginBp = integer(input.grossMarginBp, '/grossMarginBp', 0, 10_000, add);
  const models = list(input.models, '/models', maxModels, 'models', add).map((model, i) =>
    validateModel(model, `/models/${i}`, live, add),
  );
  const scenarios = list(input.scenarios, '/scenarios', maxScenarios, 'scenarios', add).map(
    (scenario, i) => validateScenario(scenario, `/scenarios/${i}`, add),
  );
  uniqueNames(models, '/models', add);
  uniqueNames(scenarios, '/scenarios', add);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    request: {
      fromMonth: fromMonth as string,
      toMonth: toMonth as string,
      grossMarginBp: grossMarginBp as number,
      models: models as SimulationModel[],
      scenarios: scenarios as SimulationScenario[],
    },
  };
}

type Add = (field: string, code: string, message: string) => void;

/** Months from `from` to `to`, both counted ('2026-01' to '2026-03' → 3). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

function month(value: unknown, field: string, add: Add): string | null {
  if (typeof value === 'string' && /^\d{4}-\d{2}$/.test(value) && isCalendarDate(`${value}-01`)) {
    return value;
  }
  add(field, value === undefined ? 'required' : 'invalid_month', 'must be a month, YYYY-MM');
  return null;
}

function integer(value: unknown, field: string, min: number, max: number, add: Add): number | null {
  if (value === undefined) {
    add(field, 'required', 'is required');
    return null;
  }
  if (!Number.isSafeInteger(value)) {
    add(field, 'invalid_type', 'must be a whole number');
    return null;
  }
  if ((value as number) < min || (value as number) > max) {
    add(field, 'out_of_range', `must be from ${min} to ${max}`);
    return null;
  }
  return value as number;
}

function text(value: unknown, field: string, add: Add): string | null {
  if (typeof value === 'string' && value.trim().length > 0 && value.length <= 100) return value;
  add(
    field,
    value === undefined ? 'required' : 'invalid_format',
    'must be a name of 1–100 characters',
  );
  return null;
}

function list(value: unknown, field: string, max: number, what: string, add: Add): unknown[] {
  if (!Array.isArray(value)) {
    add(field, value === undefined ? 'required' : 'invalid_type', `must be a list of ${what}`);
    return [];
  }
  if (value.length === 0) add(field, `no_${what}`, `give at least one of the ${what}`);
  if (value.length > max) add(field, `too_many_${what}`, `at most ${max} ${what}`);
  return value.slice(0, max);
}

function record(value: unknown, field: string, add: Add): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  add(field, 'invalid_type', 'must be an object');
  return {};
}

function validateModel(
  value: unknown,
  field: string,
  live: ProgramSettings,
  add: Add,
): SimulationModel | null {
  const model = record(value, field, add) as SimulationModelInput;
  const name = text(model.name, `${field}/name`, add);
  const tiers = validateTierProgram(model.tierProgram);
  if (!tiers.ok) {
    for (const p of tiers.problems) add(`${field}/tierProgram${p.field}`, p.code, p.message);
  }
  const given = record(model.settings ?? {}, `${field}/settings`, add);
  const settings = validateProgramSettings({ ...live, ...given });
  if (!settings.ok) {
    for (const p of settings.problems) add(`${field}/settings${p.path}`, p.code, p.message);
  }
  const welcomeBonusPoints = integer(
    model.welcomeBonusPoints ?? 0,
    `${field}/welcomeBonusPoints`,
    0,
    MAX_POINTS,
    add,
  );
  const redeemersShareBp = integer(
    model.redeemersShareBp,
    `${field}/redeemersShareBp`,
    0,
    10_000,
    add,
  );
  for (const key of Object.keys(model)) {
    if (
      !['name', 'tierProgram', 'settings', 'welcomeBonusPoints', 'redeemersShareBp'].includes(key)
    )
      add(`${field}/${key}`, 'unknown_field', 'is not a known field');
  }
  if (
    name === null ||
    !tiers.ok ||
    !settings.ok ||
    welcomeBonusPoints === null ||
    redeemersShareBp === null
  ) {
    return null;
  }
  return {
    name,
    tierProgram: tiers.program,
    settings: settings.settings,
    welcomeBonusPoints,
    redeemersShareBp,
  };
}

function validateScenario(value: unknown, field: string, add: Add): SimulationScenario | null {
  const scenario = record(value, field, add);
  const name = text(scenario.name, `${field}/name`, add);
  const change = (key: string) =>
    integer(scenario[key] ?? 0, `${field}/${key}`, minChangeBp, maxChangeBp, add);
  const newCustomersBp = change('newCustomersBp');
  const frequencyBp = change('frequencyBp');
  const averageCheckBp = change('averageCheckBp');
  for (const key of Object.keys(scenario)) {
    if (!['name', 'newCustomersBp', 'frequencyBp', 'averageCheckBp'].includes(key))
      add(`${field}/${key}`, 'unknown_field', 'is not a known field');
  }
  if (name === null || newCustomersBp === null || frequencyBp === null || averageCheckBp === null)
    return null;
  return { name, newCustomersBp, frequencyBp, averageCheckBp };
}

function uniqueNames(items: ({ name: string } | null)[], field: string, add: Add): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (item === null) return;
    if (seen.has(item.name))
      add(`${field}/${i}/name`, 'duplicate_name', `"${item.name}" is used twice`);
    seen.add(item.name);
  });
}
