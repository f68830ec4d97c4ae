import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

// Scalar's browser bundle as its Fastify package ships it. The package's own plugin is not used:
// it read these 3.5 MB and loaded an OpenAPI parser at every start (0.2 s of a first start) for
// a page few open; here the file is streamed when a browser asks for it.
const scalarScript = () =>
  join(
    dirname(createRequire(import.meta.url).resolve('@scalar/fastify-api-reference')),
    'js',
    'standalone.js',
  );

const hidden = { schema: { hide: true } } as const;

/**
 * The API reference page (Scalar) at `/docs/`, reading the OpenAPI document at `/docs/json`.
 * Everything is served from this server (no CDN, no web fonts, no telemetry), for a shop whose
 * server has no way out.
 */
export function registerApiReference(app: FastifyInstance): void {
  const page = referencePage({
    url: './json',
    withDefaultFonts: false,
    telemetry: false,
    // Its chat sends the document to scalar.com.
    agent: { disabled: true },
    // Scalar's own hosting and sharing tools, shown on localhost by default: not Perk's.
    showDeveloperTools: 'never',
  });
  app.get('/docs', hidden, (_request, reply) => reply.redirect('/docs/', 301));
  app.get('/docs/', hidden, (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  app.get('/docs/js/scalar.js', hidden, (_request, reply) =>
    reply
      .type('application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(createReadStream(scalarScript())),
  );
}

function referencePage(configuration: Record<string, unknown>): string {
  // `<` escaped so no value can close the script element.
  const json = JSON.stringify(configuration).replaceAll('<', '\\u003c');
  return `<!doctype html>
<html>
  <head>
    <title>Perk API</title>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
  </head>
  <body>
    <div id="app"></div>
    <script src="js/scalar.js"></script>
    <script>Scalar.createApiReference('#app', ${json})</script>
  </body>
</html>
`;
}
