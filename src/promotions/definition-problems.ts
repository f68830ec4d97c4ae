import type { Problem } from '../engine/promotion/problem.ts';
import { type FieldProblem, PerkError } from '../errors.ts';

/** The engine's problems as field problems, fields prefixed by where the definition sat in the body. */
export function toFieldProblems(problems: readonly Problem[], prefix = ''): FieldProblem[] {
  return problems.map((p) => ({
    field: `${prefix}${p.path === '/' ? '' : p.path}` || '/',
    code: p.code,
    message: p.message,
  }));
}

/** Refuses a definition with every engine-reported problem, fields prefixed by where it sat in the body. */
export function refuseDefinition(problems: readonly Problem[], prefix = ''): never {
  const fieldProblems = toFieldProblems(problems, prefix);
  const first = fieldProblems[0];
  const code = fieldProblems.length === 1 && first ? first.code : 'invalid_promotion';
  throw new PerkError(
    'invalid',
    code,
    `The promotion definition has ${fieldProblems.length} problem(s)`,
    { problems: fieldProblems },
  );
}

/**
 * Refuses a promotion with every problem found at once: the definition's own (400, as
 * `refuseDefinition`) and the things it names that do not exist. With only the latter the body is
 * well-formed, so the answer is 422 (`unprocessable`), coded by the single problem or
 * `unknown_references`.
 */
export function refusePromotion(
  problems: readonly Problem[],
  references: readonly FieldProblem[],
): never {
  if (problems.length === 0) {
    const first = references[0];
    const code = references.length === 1 && first ? first.code : 'unknown_references';
    throw new PerkError(
      'unprocessable',
      code,
      `The promotion names ${references.length} thing(s) that do not exist`,
      { problems: [...references] },
    );
  }
  const fieldProblems = [...toFieldProblems(problems), ...references];
  const first = fieldProblems[0];
  const code = fieldProblems.length === 1 && first ? first.code : 'invalid_promotion';
  throw new PerkError(
    'invalid',
    code,
    `The promotion definition has ${fieldProblems.length} problem(s)`,
    { problems: fieldProblems },
  );
}
