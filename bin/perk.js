#!/usr/bin/env node
// Runs the compiled, bundled JavaScript in dist/bin/ (built by `npm run build`, which `npm ci`
// runs), so a command starts without compiling TypeScript or resolving hundreds of files. Stack
// traces name the bundle's lines; NODE_OPTIONS=--enable-source-maps maps them to src/.
// V8's own young generation: 64 MB semi-spaces kept the engine's p99 free of ~1 ms scavenges but
// held ~200 MB more under load (bench/memory.ts), past a node's memory budget.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('Perk is not built yet: run `npm run build` (`npm ci` runs it too).');
  process.exit(1);
}
await import(entry.href);
