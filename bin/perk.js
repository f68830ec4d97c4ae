#!/usr/bin/env -S node --max-semi-space-size=64 --min-semi-space-size=64
// The command line runs the TypeScript sources directly through tsx, so there is no build step.
// A larger young generation (V8 semi-spaces of 64 MB from the start, where the default grows to
// 16 MB and the maximum alone grew only to 32 MB): a calculation allocates a few hundred
// kilobytes, and with the default a scavenge pause of about 1 ms landed in about 3% of
// calculations, which set the p99 (bench/RESULTS.md). It costs at most ~150 MB more memory.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
