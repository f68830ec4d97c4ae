import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { notFound } from '../../errors.ts';
import { currentWatchRun, latestWatchRun } from '../../watch/watch-service.ts';
import type { AppDeps } from '../app.ts';
import { problemResponses } from '../schemas.ts';
import { WatchFinding } from '../watch-schemas.ts';

const WatchRun = Type.Object(
  {
    analyzedAt: Type.String({ format: 'date-time' }),
    promotions: Type.Integer({ description: 'Active promotions analysed' }),
    findings: Type.Array(WatchFinding),
  },
  { 'x-perk-component': 'WatchRun' },
);

export const watchRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.get(
    '/v1/watch/findings',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['watch'],
        summary: 'Conflicts, promotions that never fire and margin risks over the whole ruleset',
        description:
          'The promotion watch over every active promotion: overlaps (two promotions on the same ' +
          'units at the same time, store and audience), reasons a promotion never fires, and ' +
          'margin risks, each with an example cart priced by the engine and a text in Russian ' +
          'and English. `source=latest` answers the last nightly run (404 watch_not_run before ' +
          'the first); by default the ruleset is analysed now.',
        querystring: Type.Object(
          { source: Type.Optional(Type.Enum(['now', 'latest'])) },
          { additionalProperties: false },
        ),
        response: { 200: WatchRun, ...problemResponses },
      },
    },
    async (request) => {
      if (request.query.source !== 'latest') return currentWatchRun(db, new Date());
      const run = await latestWatchRun(db);
      if (run === null) {
        throw notFound('watch_not_run', 'The nightly promotion watch has not run yet', '/source');
      }
      return run;
    },
  );
};
