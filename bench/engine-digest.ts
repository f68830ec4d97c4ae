import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { calculate } from '../src/engine/index.ts';
import { allApplyCase, allCandidatesCase, type Case, context, mixedCase } from './engine-cases.ts';

/**
 * The engine's answers over the benchmark's nine cases and one with the paths they leave out, as SHA-256 digests of every cart's
 * `JSON.stringify(calculate(…))`: per case and over all. The same digests before and after a
 * change mean the same answers, byte for byte (`node --import tsx bench/engine-digest.ts`).
 */
export const DIGEST_CASES: readonly (readonly [string, () => Case])[] = [
  ['mixed 10 × 100', () => mixedCase(10, 100)],
  ['mixed 10 × 1000', () => mixedCase(10, 1000)],
  ['mixed 50 × 100', () => mixedCase(50, 100)],
  ['mixed 50 × 1000', () => mixedCase(50, 1000)],
  ['all-apply 10 × 1', () => allApplyCase(1)],
  ['all-apply 10 × 10', () => allApplyCase(10)],
  ['all-apply 10 × 100', () => allApplyCase(100)],
  ['all-apply 10 × 1000', () => allApplyCase(1000)],
  ['all-candidates 50 × 1000', () => allCandidatesCase(50, 1000)],
  // Paths the benchmark's cases leave out: check rounding, and members tried in every order.
  [
    'mixed 10 × 100, rounding, best-order',
    () =>
      mixedCase(10, 100, {
        roundTotalDownToMinor: 100,
        stackingGroups: [
          { id: 'sales', mode: 'best' },
          { id: 'personal', mode: 'best-order' },
          { id: 'points', mode: 'cumulative' },
        ],
      }),
  ],
];

function main(): void {
  const all = createHash('sha256');
  for (const [name, build] of DIGEST_CASES) {
    const { ruleset, carts } = build();
    const digest = createHash('sha256');
    for (const c of carts) {
      const json = JSON.stringify(calculate(c, context, ruleset));
      digest.update(json);
      all.update(json);
    }
    console.log(`${digest.digest('hex').slice(0, 16)}  ${name}`);
  }
  console.log(`${all.digest('hex')}  all`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
