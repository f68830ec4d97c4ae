import { mechanicFor } from '../mechanics/registry.ts';
import { type Problem, schemaProblems } from './problem.ts';
import {
  type PromotionDefinition,
  PromotionEnvelopeSchema,
  type Schedule,
} from './promotion-schema.ts';

export type ValidationResult =
  | { readonly ok: true; readonly definition: PromotionDefinition }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * What the check is for. `save`: everything, so a marketer hears about a limit that would promise
 * what the mechanic never does. `compile`: only what the engine needs to run it, so a definition
 * stored before a newer save-time rule existed still compiles (the engine ignores such a limit)
 * instead of taking the whole ruleset down.
 */
export type ValidationPurpose = 'save' | 'compile';

/**
 * Checks a promotion definition and collects every problem (schema, unknown mechanic, mechanic
 * args, limits the mechanic cannot honour, period, schedule windows, price ranges) before
 * answering once.
 */
export function validatePromotion(
  value: unknown,
  purpose: ValidationPurpose = 'save',
): ValidationResult {
  const problems = schemaProblems(PromotionEnvelopeSchema, value);
  if (problems.length > 0) return { ok: false, problems };
  const definition = value as PromotionDefinition;
  const mechanic = mechanicFor(definition.mechanic.kind);
  if (mechanic === undefined) {
    problems.push({
      path: '/mechanic/kind',
      code: 'unknown_mechanic',
      message: `unknown mechanic ${definition.mechanic.kind}`,
    });
  } else {
    const argsProblems = schemaProblems(mechanic.argsSchema, definition.mechanic, '/mechanic');
    const own = argsProblems.length === 0 ? (mechanic.check?.(definition.mechanic) ?? []) : [];
    problems.push(...argsProblems, ...own.map((p) => ({ ...p, path: `/mechanic${p.path}` })));
    if (argsProblems.length === 0 && purpose === 'save')
      problems.push(...limitProblems(definition));
  }
  problems.push(...periodProblems(definition), ...scheduleProblems(definition.schedule));
  problems.push(...selectorProblems(definition, ''));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, definition };
}

/**
 * Limits that would promise what the mechanic never does. A mechanic's `check` sees only its args,
 * while limits are promotion-level, so the few mechanics whose reward comes once per check are
 * named here.
 */
function limitProblems(definition: PromotionDefinition): Problem[] {
  const { mechanic, limits } = definition;
  const problems: Problem[] = [];
  if (limits?.maxRepeats !== undefined) {
    if (mechanic.kind === 'spend-threshold') {
      problems.push(notRepeating('a spend threshold gives its reward once per check'));
    } else if (mechanic.kind === 'amount-off' && mechanic.per === 'cart') {
      problems.push(notRepeating('an amount off per cart is given once per check'));
    } else if (
      mechanic.kind === 'extra-points' &&
      mechanic.award.kind === 'fixed' &&
      mechanic.award.perUnits === undefined
    ) {
      problems.push(notRepeating('a fixed award is given once per check unless it has perUnits'));
    }
  }
  const perUnits =
    mechanic.kind === 'extra-points' && mechanic.award.kind === 'fixed'
      ? mechanic.award.perUnits
      : undefined;
  const maxUnits = limits?.maxUnitsPerCheck;
  if (perUnits !== undefined && maxUnits !== undefined && maxUnits < perUnits) {
    problems.push({
      path: '/limits/maxUnitsPerCheck',
      code: 'out_of_range',
      message: `the award needs ${perUnits} units, so maxUnitsPerCheck must be at least that`,
    });
  }
  return problems;
}

function notRepeating(why: string): Problem {
  return {
    path: '/limits/maxRepeats',
    code: 'limit_not_applicable',
    message: `${why}: maxRepeats has no meaning for it`,
  };
}

function periodProblems(definition: PromotionDefinition): Problem[] {
  if (definition.validFrom === undefined || definition.validTo === undefined) return [];
  if (Date.parse(definition.validFrom) < Date.parse(definition.validTo)) return [];
  return [{ path: '/validTo', code: 'invalid_period', message: 'validTo must be after validFrom' }];
}

function scheduleProblems(schedule: Schedule | undefined): Problem[] {
  return (schedule?.windows ?? []).flatMap((window, i) =>
    window.from < window.to
      ? []
      : [
          {
            path: `/schedule/windows/${i}`,
            code: 'invalid_window',
            message: 'a window must end after it starts; split windows that cross midnight',
          },
        ],
  );
}

/** Price ranges and attribute conditions of every selector anywhere in the definition. */
function selectorProblems(value: unknown, path: string): Problem[] {
  if (Array.isArray(value))
    return value.flatMap((item, i) => selectorProblems(item, `${path}/${i}`));
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const own: Problem[] = [];
  const { priceMinMinor: min, priceMaxMinor: max } = record;
  if (typeof min === 'number' && typeof max === 'number' && min > max) {
    own.push({ path: `${path}/priceMaxMinor`, code: 'invalid_range', message: 'max below min' });
  }
  if (typeof record.key === 'string' && 'equals' in record === 'in' in record) {
    own.push({ path, code: 'invalid_condition', message: 'give exactly one of equals or in' });
  }
  return own.concat(
    Object.entries(record).flatMap(([key, item]) => selectorProblems(item, `${path}/${key}`)),
  );
}
