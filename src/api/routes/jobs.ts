import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifySchemaCompiler } from 'fastify';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { invalid } from '../../errors.ts';
import { describeJobs } from '../../jobs/describe-jobs.ts';
import type { Job } from '../../jobs/job.ts';
import { runJobNow } from '../../jobs/run-job-now.ts';
import type { AppDeps } from '../app.ts';
import { problemResponses } from '../schemas.ts';
import { validatorCompiler } from '../validator.ts';

const tags = ['jobs'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Run = Type.Object({
  job: Type.String(),
  trigger: Type.Enum(['schedule', 'call']),
  businessTime: Type.String({ format: 'date-time' }),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  outcome: Type.Enum(['running', 'succeeded', 'failed']),
  counts: Nullable(
    Type.Record(Type.String(), Type.Integer(), {
      description: 'What the run did, e.g. { "granted": 3 } or { "activated": 12, "expired": 4 }',
    }),
  ),
  error: Nullable(Type.String()),
});
const JobView = Type.Object({
  name: Type.String(),
  description: Type.Object({ ru: Type.String(), en: Type.String() }),
  everySeconds: Type.Integer(),
  nextDueAt: Nullable(Type.String({ format: 'date-time' })),
  lastRun: Nullable(Run),
});
const RunBody = Type.Object(
  {
    businessTime: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'The instant the job runs at; default now, at most 5 minutes ahead',
      }),
    ),
  },
  { additionalProperties: false },
);

// A run needs no body at all (then it runs now); a body sent is checked whole.
const bodyMayBeAbsent: FastifySchemaCompiler<unknown> = (route) => {
  const validate = validatorCompiler(route);
  if (route.httpPart !== 'body') return validate;
  return (value) => (value === undefined ? { value } : validate(value));
};

export const jobRoutes: FastifyPluginAsyncTypebox<AppDeps & { jobs: readonly Job[] }> = async (
  app,
  { db, config, jobs },
) => {
  app.get(
    '/v1/jobs',
    {
      config: { roles: permissions.jobs },
      schema: {
        tags,
        summary: 'The scheduled jobs: how often each runs, its next due time and its last run',
        description:
          'Every job with its ru/en description, its interval in seconds, when it is next due ' +
          '(claimed once across all nodes through the database) and its last run with outcome ' +
          'and counts.',
        response: { 200: Type.Object({ items: Type.Array(JobView) }), ...problemResponses },
      },
    },
    async () => ({ items: await describeJobs(db, jobs) }),
  );
  app.post(
    '/v1/jobs/:name/run',
    {
      config: { roles: permissions.jobs },
      validatorCompiler: bodyMayBeAbsent,
      schema: {
        tags,
        summary:
          'Run a scheduled job now at a business time and answer what it did (idempotent, as the jobs are); 404 unknown_job lists the names',
        description:
          'Runs the job at once, outside its schedule (which stays as it is), at `businessTime` ' +
          '(default now; at most PERK_FUTURE_TOLERANCE_SECONDS ahead, else 422 ' +
          'business_time_in_future), so a birthday campaign can be tried today. The run is ' +
          'recorded like a scheduled one and answered with its counts.',
        params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }),
        body: RunBody,
        response: { 200: Run, ...problemResponses },
      },
    },
    async (request) => {
      const now = Date.now();
      const at = request.body?.businessTime;
      const businessTime = at === undefined ? now : Date.parse(at);
      // The schema's date-time admits a leap second (23:59:60), which Date cannot read.
      if (Number.isNaN(businessTime)) {
        throw invalid(
          'invalid_business_time',
          'businessTime is not a readable instant',
          '/businessTime',
        );
      }
      return runJobNow(db, jobs, {
        name: request.params.name,
        businessTime,
        now,
        futureToleranceMs: config.futureToleranceSeconds * 1000,
      });
    },
  );
};
