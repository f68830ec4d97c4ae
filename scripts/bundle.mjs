// Builds what `bin/perk.js` runs: the CLI and server as a few ES modules in dist/bin/, with the
// packages they use bundled in. Loading some 1 300 small files (TypeBox alone resolves hundreds)
// was about a third of a warm restart and most of `perk --help`; one bundle loads in a fraction.
// Split at the CLI's dynamic imports, so `perk --help` loads only the commands, not the server.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Packages that read files beside their own code (PGlite's WebAssembly and data, the API
// reference pages, pino's worker) or load optional native modules (pg) stay in node_modules.
const external = [
  '@electric-sql/pglite',
  '@fastify/swagger',
  '@fastify/swagger-ui',
  '@scalar/*',
  'pg',
  'pino',
  'thread-stream',
];

// Chunks of earlier builds would pile up beside the new ones.
rmSync(new URL('../dist/bin', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: { main: 'src/cli/main.ts', 'build-template': 'src/store/build-template.ts' },
  outdir: 'dist/bin',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Maps for NODE_OPTIONS=--enable-source-maps; not loaded otherwise, so they cost no start-up.
  sourcemap: true,
  // V8 keeps every loaded script's source text in the heap: minified, a node holds about half
  // (bench/memory.ts). Names stay, for errors and logs that print a class's or function's name.
  // PERK_BUNDLE_MINIFY=0 keeps the code readable, for a CPU profile whose frames should name it.
  minify: process.env.PERK_BUNDLE_MINIFY !== '0',
  keepNames: true,
  external,
  // Flat beside main.js: the console's folder is found two levels up from the code (console-static.ts).
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
  // Bundled CommonJS packages require their neighbours; ES modules have no `require` of their own.
  banner: {
    js: "import { createRequire as perkCreateRequire } from 'node:module'; const require = perkCreateRequire(import.meta.url);",
  },
});

// A new embedded database is copied from an empty, migrated one made here (src/store/pglite-template.ts).
await import(new URL('../dist/bin/build-template.js', import.meta.url).href);
