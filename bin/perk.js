#!/usr/bin/env -S node --max-semi-space-size=64 --min-semi-space-size=64
// Runs the compiled, bundled JavaScript in dist/bin/ (built by `npm run build`, which `npm ci`
// runs), so a command starts without compiling TypeScript or resolving hundreds of files. Stack
// traces name the bundle's lines; NODE_OPTIONS=--enable-source-maps maps them to src/.
// A larger young generation (V8 semi-spaces of 64 MB from the start, where the default grows to
// 16 MB and the maximum alone grew only to 32 MB): a calculation allocates a few hundred
// kilobytes, and with the default a scavenge pause of about 1 ms landed in about 3% of
// calculations, which set the p99 (bench/RESULTS.md). It costs at most ~150 MB more memory.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('Perk is not built yet: run `npm run build` (`npm ci` runs it too).');
  process.exit(1);
}
await import(entry.href);
