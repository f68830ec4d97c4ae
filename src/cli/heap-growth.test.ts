import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What bin/heap-growth.js answers for `perk <command>` in a node started with `nodeFlags`. */
function flagFor(command: string, nodeFlags: string[] = []): string {
  const script =
    "import { heapGrowthFlag } from './bin/heap-growth.js'; console.log(String(heapGrowthFlag(process.argv, process.execArgv)));";
  return execFileSync(
    'node',
    [...nodeFlags, '--input-type=module', '-e', script, 'bin/perk.js', command],
    {
      cwd: root,
      encoding: 'utf8',
    },
  ).trim();
}

describe('the heap growth bin/perk.js sets', () => {
  it('is 1.2× for the server', () => {
    expect(flagFor('start')).toBe('--heap-growing-percent=20');
  });

  it("is V8's own for other commands, such as an import", () => {
    expect(flagFor('import')).toBe('null');
  });

  it("leaves node's own flag in place", () => {
    expect(flagFor('start', ['--heap-growing-percent=0'])).toBe('null');
  });
});
