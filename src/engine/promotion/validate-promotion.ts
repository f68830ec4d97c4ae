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
 * Checks a promotion definition and collects every problem (schema, unknown mechanic, mechanic
 * args, period, schedule windows, price ranges) before answering once.
 */
export function validatePromotion(value: unknown): ValidationResult {
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
  }
  problems.push(...periodProblems(definition), ...scheduleProblems(definition.schedule));
  problems.push(...selectorProblems(definition, ''));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, definition };
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
