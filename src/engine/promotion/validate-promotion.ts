import { isCalendarDate } from '../../calendar/day-number.ts';
import type { Mechanic } from '../mechanics/mechanic.ts';
import { mechanicFor } from '../mechanics/registry.ts';
import { selectorRuleProblems } from '../selector/product-selector.ts';
import { type Problem, schemaProblems } from './problem.ts';
import { type PromotionDefinition, PromotionEnvelopeSchema } from './promotion-schema.ts';

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

type Fields = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a promotion definition and collects every problem before answering once: the envelope's
 * schema, the mechanic's args and its own rules (and, on save, the limits it cannot honour),
 * validity, schedule windows, and the rules of every selector. Each part reads what it can of a
 * body whose other parts are malformed, so one answer names every field at fault.
 */
export function validatePromotion(
  value: unknown,
  purpose: ValidationPurpose = 'save',
): ValidationResult {
  const fields: Fields = isRecord(value) ? value : {};
  const problems = [
    ...schemaProblems(PromotionEnvelopeSchema, value),
    ...mechanicProblems(fields, purpose),
    ...validityProblems(fields),
    ...scheduleProblems(fields.schedule),
    ...selectorProblems(value),
  ];
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, definition: value as PromotionDefinition };
}

function mechanicProblems(fields: Fields, purpose: ValidationPurpose): Problem[] {
  const args = fields.mechanic;
  // A missing mechanic or kind is the envelope's problem.
  if (!isRecord(args) || typeof args.kind !== 'string') return [];
  const mechanic: Mechanic | undefined = mechanicFor(args.kind);
  if (mechanic === undefined) {
    const message = `unknown mechanic ${args.kind}`;
    return [{ path: '/mechanic/kind', code: 'unknown_mechanic', message }];
  }
  const argsProblems = schemaProblems(mechanic.argsSchema, args, '/mechanic');
  // Its own rules read typed args, so they wait for the args to be well-formed.
  if (argsProblems.length > 0) return argsProblems;
  const typed = args as { kind: string };
  const own = (mechanic.check?.(typed) ?? []).map((p) => ({ ...p, path: `/mechanic${p.path}` }));
  if (purpose === 'compile' || !isRecord(fields.limits ?? {})) return own;
  return [...own, ...(mechanic.limitRules?.(typed, limitsOf(fields.limits)) ?? [])];
}

/** The unit and repeat limits, those well-formed (the envelope names the others). */
function limitsOf(limits: unknown) {
  const { maxRepeats, maxUnitsPerCheck } = isRecord(limits) ? limits : {};
  const count = (n: unknown) =>
    Number.isInteger(n) && (n as number) >= 1 ? (n as number) : undefined;
  return { maxRepeats: count(maxRepeats), maxUnitsPerCheck: count(maxUnitsPerCheck) };
}

/**
 * Validity is two instants or two local dates, never a mix: instants mean one moment for every
 * store, local dates each store's own calendar, and a mix has no single reading.
 */
function validityProblems(fields: Fields): Problem[] {
  const { validFrom, validTo, validFromDate, validToDate } = fields;
  const problems: Problem[] = [];
  const fromMs = typeof validFrom === 'string' ? Date.parse(validFrom) : Number.NaN;
  const toMs = typeof validTo === 'string' ? Date.parse(validTo) : Number.NaN;
  if (!Number.isNaN(fromMs) && !Number.isNaN(toMs) && fromMs >= toMs) {
    problems.push({
      path: '/validTo',
      code: 'invalid_period',
      message: 'validTo must be after validFrom',
    });
  }
  const instants = validFrom !== undefined || validTo !== undefined;
  const dates: [string, unknown][] = [
    ['/validFromDate', validFromDate],
    ['/validToDate', validToDate],
  ];
  for (const [path, date] of dates) {
    if (date === undefined) continue;
    if (instants) {
      problems.push({
        path,
        code: 'mixed_validity',
        message: 'give validity as instants (validFrom, validTo) or as local dates, not both',
      });
    }
    // The schema's pattern checks the form; this, that the date exists (no 30 February).
    if (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) && !isCalendarDate(date)) {
      problems.push({ path, code: 'invalid_date', message: `${date} is not a calendar date` });
    }
  }
  if (
    typeof validFromDate === 'string' &&
    typeof validToDate === 'string' &&
    isCalendarDate(validFromDate) &&
    isCalendarDate(validToDate) &&
    validToDate < validFromDate
  ) {
    problems.push({
      path: '/validToDate',
      code: 'invalid_period',
      message: 'validToDate must not be before validFromDate (both days are included)',
    });
  }
  return problems;
}

function scheduleProblems(schedule: unknown): Problem[] {
  const windows = isRecord(schedule) && Array.isArray(schedule.windows) ? schedule.windows : [];
  return windows.flatMap((window: unknown, i) =>
    isRecord(window) &&
    typeof window.from === 'string' &&
    typeof window.to === 'string' &&
    window.from >= window.to
      ? [
          {
            path: `/schedule/windows/${i}`,
            code: 'invalid_window',
            message: 'a window must end after it starts; split windows that cross midnight',
          },
        ]
      : [],
  );
}

/**
 * The rules of every selector anywhere in the definition, wherever a mechanic or condition holds
 * one. Walked with a stack of its own, in document order: a body nested thousands deep must not
 * exhaust the call stack.
 */
function selectorProblems(value: unknown): Problem[] {
  const problems: Problem[] = [];
  const pending: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (pending.length > 0) {
    const { value: node, path } = pending.pop() as { value: unknown; path: string };
    if (typeof node !== 'object' || node === null) continue;
    const entries: [string, unknown][] = Array.isArray(node)
      ? node.map((item, i) => [String(i), item])
      : Object.entries(node);
    if (!Array.isArray(node)) problems.push(...selectorRuleProblems(node as Fields, path));
    // Pushed last first, so the first child is visited next.
    for (let k = entries.length - 1; k >= 0; k -= 1) {
      const [key, item] = entries[k] as [string, unknown];
      pending.push({ value: item, path: `${path}/${key}` });
    }
  }
  return problems;
}
