import type { ArgsProblem } from './mechanic.ts';

/** Refuses max repeats on a reward given once per check: `why` says why, for the marketer. */
export function maxRepeatsNotApplicable(why: string): ArgsProblem {
  return {
    path: '/limits/maxRepeats',
    code: 'limit_not_applicable',
    message: `${why}: maxRepeats has no meaning for it`,
  };
}
