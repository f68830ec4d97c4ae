// Writes a Brotli (.br) and a gzip (.gz) copy beside each built script and style sheet, so
// Perk serves them compressed (@fastify/static preCompressed) without compressing per request.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const assets = new URL('../dist/assets/', import.meta.url).pathname;
let plain = 0;
let brotli = 0;
for (const name of readdirSync(assets)) {
  if (!/\.(js|css)$/.test(name)) continue;
  const path = join(assets, name);
  const content = readFileSync(path);
  const br = brotliCompressSync(content, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
    },
  });
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
  plain += content.length;
  brotli += br.length;
}
console.log(`precompressed console assets: ${plain} bytes, ${brotli} with Brotli`);
