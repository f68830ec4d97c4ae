import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

/** Where `npm ci` builds the console (`vite build` in console/): beside src/ and dist/. */
export const defaultConsoleDir = fileURLToPath(new URL('../../console/dist', import.meta.url));

/** What to do when the console was not built; the server runs on without it. */
export const consoleMissing =
  'The console is not built: run `npm ci` (or `npm run build:console`) in the Perk folder, then restart.';

/** Whether `dir` holds a built console. */
export function consoleBuilt(dir: string = defaultConsoleDir): boolean {
  return existsSync(join(dir, 'index.html'));
}

// The API and its docs answer their own 404s as problem+json, and so does an asset that is not
// there (a page of an older build asking for a file gone since); every other path is the console's.
const notConsolePaths = /^\/(v1|docs|health|ready|metrics|assets)(\/|\?|$)/;

/**
 * Serves the console (the single-page application in `dir`) at `/`: hashed assets under
 * /assets/ for a year, and index.html, never cached, for every path the console routes itself.
 */
export const consoleRoutes: FastifyPluginAsync<{ dir: string }> = async (app, { dir }) => {
  const indexPath = join(dir, 'index.html');
  if (!consoleBuilt(dir)) {
    app.log.warn(`${consoleMissing} (no ${indexPath})`);
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send(consoleMissing),
    );
    return;
  }
  const index = readFileSync(indexPath);
  await app.register(fastifyStatic, {
    root: dir,
    // Files are listed once at start: a request never walks the disk for a name it was given.
    wildcard: false,
    index: false,
    // The build writes .br and .gz beside each asset (console/scripts/precompress.mjs).
    preCompressed: true,
    decorateReply: false,
    schemaHide: true,
  });
  // Hashed names change with their content, so a browser keeps them; the rest it asks again.
  app.addHook('onSend', async (request, reply) => {
    const hashed = request.url.startsWith('/assets/') && reply.statusCode === 200;
    reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
  });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (notConsolePaths.test(request.url)) return reply.callNotFound();
    return reply.type('text/html; charset=utf-8').send(index);
  });
};
