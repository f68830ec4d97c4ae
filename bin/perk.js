#!/usr/bin/env -S node --max-semi-space-size=64
// The command line runs the TypeScript sources directly through tsx, so there is no build step.
// A larger young generation (V8 semi-spaces up to 64 MB, from 16 MB): a calculation allocates a
// few hundred kilobytes, and with the default a 0.6 ms scavenge landed in about 3% of
// calculations, which set the p99 (bench/RESULTS.md). It costs at most ~150 MB more memory.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
