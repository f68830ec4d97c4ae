#!/usr/bin/env node
// Runs the compiled, bundled JavaScript in dist/bin/ (built by `npm run build`, which `npm ci`
// runs), so a command starts without compiling TypeScript or resolving hundreds of files. Stack
// traces name the bundle's lines; NODE_OPTIONS=--enable-source-maps maps them to src/.
// V8's own young generation: 64 MB semi-spaces kept the engine's p99 free of ~1 ms scavenges but
// held ~200 MB more under load (bench/memory.ts), past a node's memory budget.
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { heapGrowthFlag } from './heap-growth.js';

// V8 reads the growth factor at every full collection, so setting it here, before the app
// loads, works as the command-line flag does (npm start and the Dockerfile run this file).
const growth = heapGrowthFlag(process.argv, process.execArgv);
if (growth) setFlagsFromString(growth);

const entry = new URL('../dist/bin/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('Perk is not built yet: run `npm run build` (`npm ci` runs it too).');
  process.exit(1);
}
await import(entry.href);
