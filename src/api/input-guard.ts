import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type FieldProblem, PerkError } from '../errors.ts';
import { textFault } from '../storable-text.ts';

/**
 * Deepest nesting of objects and arrays a request may carry. Real bodies stay below it (a
 * promotion, selectors and exclusions included, stays under 10; each AND/OR of a segment rule
 * adds 2, so 15 of them fit), and it bounds every recursive validator that runs after this guard.
 */
export const MAX_DEPTH = 32;

type Location = 'body' | 'querystring' | 'params';
export type InputProblem = FieldProblem & { location: Location };

const escapeToken = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Every NUL character, lone surrogate (in values and in property names) and nesting deeper than
 * {@link MAX_DEPTH} in one parsed input, each at its JSON pointer. Iterative, and it never
 * descends past the limit, so any input is walked in bounded stack. A Buffer (a raw upload) is
 * checked for a zero byte.
 */
export function inputProblems(input: unknown, location: Location): InputProblem[] {
  const problems: InputProblem[] = [];
  const pending: Array<{ value: unknown; pointer: string; depth: number }> = [
    { value: input, pointer: '', depth: 0 },
  ];
  while (pending.length > 0) {
    const { value, pointer, depth } = pending.pop() as (typeof pending)[number];
    const field = pointer || '/';
    if (typeof value === 'string') {
      const fault = textFault(value);
      if (fault) problems.push({ location, field, ...fault });
    } else if (Buffer.isBuffer(value)) {
      if (value.includes(0)) {
        problems.push({ location, field, code: 'nul_character', message: 'holds a NUL byte' });
      }
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= MAX_DEPTH) {
        const message = `nests deeper than ${MAX_DEPTH} levels of objects and arrays`;
        problems.push({ location, field, code: 'too_deep', message });
        continue;
      }
      const entries = Array.isArray(value) ? [...value.entries()] : Object.entries(value);
      // Pushed last first, so they are popped, and their problems listed, in document order.
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [key, child] = entries[i] as [string | number, unknown];
        const name = String(key);
        const keyFault = textFault(name);
        if (keyFault) {
          const message = `has a property name that ${keyFault.message}`;
          problems.push({ location, field, code: keyFault.code, message });
          continue;
        }
        pending.push({
          value: child,
          pointer: `${pointer}/${escapeToken(name)}`,
          depth: depth + 1,
        });
      }
    }
  }
  return problems;
}

/** Every problem of a request's body, query string and path parameters. */
function requestInputProblems(request: FastifyRequest): InputProblem[] {
  return [
    ...inputProblems(request.params, 'params'),
    ...inputProblems(request.query, 'querystring'),
    ...inputProblems(request.body, 'body'),
  ];
}

/**
 * Refuses, before any schema validation, input no field may hold: NUL characters and lone
 * surrogates (PostgreSQL cannot store them; some would fail deep inside a write) and nesting past
 * {@link MAX_DEPTH} (a recursive validator would overflow the stack). One 400 answer lists every
 * field at fault, code `nul_character`, `lone_surrogate` or `too_deep` (`validation_failed` when
 * several), each with its location (body, querystring, params).
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const problems = requestInputProblems(request);
    if (problems.length === 0) return;
    const first = problems[0] as InputProblem;
    const single = problems.length === 1;
    throw new PerkError(
      'invalid',
      single ? first.code : 'validation_failed',
      single ? `${first.field}: ${first.message}` : `${problems.length} fields are invalid`,
      { problems },
    );
  });
}
