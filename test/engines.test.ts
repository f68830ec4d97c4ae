import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// package.json promises a Node version; every installed package must accept that version too,
// or `npm ci` warns and the package may use what that Node lacks.
describe('engines', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
  const promised: string = manifest.engines.node;

  it('the promised Node range includes the Node running the suite', () => {
    expect(semver.satisfies(process.versions.node, promised)).toBe(true);
  });

  it('every locked package accepts the lowest Node that package.json promises', () => {
    const lowest = semver.minVersion(promised)?.version as string;
    const refusing = Object.entries<{ version: string; engines?: { node?: string } }>(lock.packages)
      .filter(([path, info]) => path !== '' && info.engines?.node !== undefined)
      .filter(([, info]) => !semver.satisfies(lowest, info.engines?.node as string))
      .map(([path, info]) => `${path}@${info.version} needs node ${info.engines?.node}`);
    expect(refusing).toEqual([]);
  });
});
