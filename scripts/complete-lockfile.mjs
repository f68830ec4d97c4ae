// Adds lock entries for platform-specific optional packages that the package registry reachable
// here does not carry (other operating systems' binaries of Biome and Rollup). npm leaves them
// out of the lock it writes, and `npm ci` then refuses the lock as out of sync. An entry marked
// with its os/cpu/libc is skipped on every other platform, so nothing is ever fetched for it.
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

function platformOf(name) {
  const tail = name.split('/')[1].replace(/^(cli|rollup)-/, '');
  const [os, cpu, variant] = tail.split('-');
  const entry = { os: [os === 'win32' ? 'win32' : os], cpu: [cpu === 'arm' ? 'arm' : cpu] };
  if (variant?.startsWith('musl')) entry.libc = ['musl'];
  else if (os === 'linux') entry.libc = ['glibc'];
  return entry;
}

let added = 0;
for (const info of Object.values(packages)) {
  for (const [name, version] of Object.entries(info.optionalDependencies ?? {})) {
    const at = `node_modules/${name}`;
    if (packages[at] || !/^@(biomejs|rollup)\//.test(name)) continue;
    packages[at] = {
      version,
      dev: info.dev ?? undefined,
      license: 'MIT',
      optional: true,
      ...platformOf(name),
    };
    added++;
  }
}
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} lock entries`);
