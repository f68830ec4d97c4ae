import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import type { AppDeps } from '../app.ts';

export const healthRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, readiness }) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['operations'],
        description:
          'Answers while the process runs, without touching the database: for a liveness probe.',
        summary: 'The process is alive',
        security: [],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/ready',
    {
      schema: {
        tags: ['operations'],
        description:
          'Answers 503 while the database does not answer, or while a first start still writes the demo programme: for a readiness probe.',
        summary: 'The database answers; ready for traffic',
        security: [],
        response: {
          200: Type.Object({ status: Type.Literal('ready') }),
          503: Type.Object({ status: Type.Literal('unavailable'), detail: Type.String() }),
        },
      },
    },
    async (request, reply) => {
      const waitingFor = readiness?.waitingFor;
      if (waitingFor) {
        return reply.status(503).send({ status: 'unavailable' as const, detail: waitingFor });
      }
      try {
        await sql`select 1`.execute(db);
        return { status: 'ready' as const };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return reply
          .status(503)
          .send({ status: 'unavailable' as const, detail: 'database unreachable' });
      }
    },
  );
};
