import type { Problem } from '../engine/promotion/problem.ts';
import { PerkError } from '../errors.ts';

/** Refuses a definition with every engine-reported problem, fields prefixed by where it sat in the body. */
export function refuseDefinition(problems: readonly Problem[], prefix = ''): never {
  const fieldProblems = problems.map((p) => ({
    field: `${prefix}${p.path === '/' ? '' : p.path}` || '/',
    code: p.code,
    message: p.message,
  }));
  const first = fieldProblems[0];
  const code = fieldProblems.length === 1 && first ? first.code : 'invalid_promotion';
  throw new PerkError(
    'invalid',
    code,
    `The promotion definition has ${fieldProblems.length} problem(s)`,
    { problems: fieldProblems },
  );
}
