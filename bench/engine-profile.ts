import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { calculate } from '../src/engine/index.ts';
import { allApplyCase, allCandidatesCase, type Case, context, mixedCase } from './engine-cases.ts';

/**
 * One engine case in isolation, for profiling (`node --cpu-prof --import tsx
 * bench/engine-profile.ts all-apply 100`) and A/B runs: the p50 of each round, then a digest of
 * every answer (the same digest before and after a change means the same answers, byte for byte).
 *
 * Arguments: shape (`all-apply`, `all-candidates`, `mixed`), promotions, lines, rounds.
 */
function caseOf(shape: string, promotions: number, lines: number): Case {
  if (shape === 'all-apply') return allApplyCase(promotions);
  if (shape === 'all-candidates') return allCandidatesCase(lines, promotions);
  return mixedCase(lines, promotions);
}

function main(): void {
  const [shape = 'all-apply', promotions = '100', lines = '10', rounds = '20'] =
    process.argv.slice(2);
  const { ruleset, carts } = caseOf(shape, Number(promotions), Number(lines));
  const p50s: number[] = [];
  for (let round = 0; round < Number(rounds); round += 1) {
    const samples: number[] = [];
    for (const c of carts) {
      const start = process.hrtime.bigint();
      calculate(c, context, ruleset);
      samples.push(Number(process.hrtime.bigint() - start) / 1000);
    }
    samples.sort((a, b) => a - b);
    p50s.push(samples[samples.length >> 1] ?? 0);
  }
  const digest = createHash('sha256');
  for (const c of carts) digest.update(JSON.stringify(calculate(c, context, ruleset)));
  const measured = p50s.slice(3).sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      shape,
      promotions: Number(promotions),
      lines: Number(lines),
      p50: measured[measured.length >> 1],
      rounds: p50s.map((p) => Number(p.toFixed(1))),
      digest: digest.digest('hex').slice(0, 16),
    }),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
