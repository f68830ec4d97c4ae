import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import { type Static, Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import {
  batchingLog,
  type CalculationLog,
  type CalculationLogEntry,
  calculationLogOff,
} from '../../carts/calculation-log.ts';
import {
  listCustomerCalculations,
  loadCalculation,
  writeCalculations,
} from '../../carts/calculation-log-rows.ts';
import { notFound } from '../../errors.ts';
import type { AppDeps } from '../app.ts';
import { CartCalculationSchema } from '../calculation-schema.ts';
import { maskInTurns, maskJson } from '../log-redaction.ts';
import { HistoryPageQuery, historyPage, problemResponses, Uuid } from '../schemas.ts';
import { CalculateRequest } from './carts.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where `POST /v1/carts/calculate` logs; `flush()` it to read back what was just calculated. */
    calculationLog: CalculationLog;
  }
}

/**
 * A calculation as the log keeps it: the till's phone, card, e-mail or external id and its coupon
 * codes masked in the request and the answer, each string of them `[redacted]` so both still read
 * as the schemas below say, and e-mails and phone- or card-like numbers in other strings
 * scrubbed. Support finds a customer's calculations by the customer's id.
 */
function maskCalculation(entry: CalculationLogEntry): CalculationLogEntry {
  const keepShape = { keepShape: true };
  return {
    ...entry,
    request: maskJson(entry.request, keepShape),
    result: maskJson(entry.result, keepShape),
  };
}

/**
 * Creates the calculation log the configuration asks for, exposes it as `app.calculationLog`,
 * and writes what is still queued when the app closes. Entries lost to a full queue or a failed
 * write are counted in `perk_calculation_log_dropped_total`.
 */
export function registerCalculationLog(
  app: FastifyInstance,
  deps: AppDeps,
  registry: Registry,
): CalculationLog {
  let log = calculationLogOff;
  if (deps.config.calculationLog.enabled) {
    const dropped = new Counter({
      name: 'perk_calculation_log_dropped_total',
      help: 'Calculations never logged: the queue overflowed or the write failed',
      labelNames: ['reason'],
      registers: [registry],
    });
    log = batchingLog(
      async (entries) => writeCalculations(deps.db, await maskInTurns(entries, maskCalculation)),
      {
        everyMs: 200,
        batchSize: 200,
        maxPending: 10_000,
        onDropped: (count, reason) => dropped.inc({ reason }, count),
        onWriteFailed: (error) => app.log.error({ err: error }, 'calculation log write failed'),
      },
    );
  }
  app.decorate('calculationLog', log);
  app.addHook('onClose', () => log.flush());
  return log;
}

const LoggedCalculationSchema = Type.Object(
  {
    calculationId: Uuid,
    createdAt: Type.String({ format: 'date-time', description: 'When the server calculated' }),
    apiKeyId: Type.Union([Type.String(), Type.Null()]),
    storeId: Type.String(),
    customerId: Type.Union([Type.String(), Type.Null()]),
    rulesetVersion: Type.String(),
    request: CalculateRequest,
    result: CartCalculationSchema,
  },
  { 'x-perk-component': 'LoggedCalculation' },
);
type Logged = Static<typeof LoggedCalculationSchema>;

// Support and marketing read what a till was answered; the tills themselves have no need to.
const tags = ['calculations'];

export const calculationRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (
  app,
  { db, config },
) => {
  app.get(
    '/v1/calculations/:id',
    {
      config: { roles: permissions.calculationsRead },
      schema: {
        tags,
        summary:
          'A logged cart calculation: the request, the answer, and why each promotion applied',
        description:
          'Kept only when PERK_CALCULATION_LOG is on, for PERK_CALCULATION_LOG_DAYS days; written within a fraction of a second after the answer. The customer’s phone, card, e-mail or external id and coupon codes are masked: each such string reads [redacted].',
        params: Type.Object({ id: Uuid }),
        response: { 200: LoggedCalculationSchema, ...problemResponses },
      },
    },
    async (request) => {
      const logged = await loadCalculation(db, request.params.id);
      if (logged) return logged as Logged;
      const why = config.calculationLog.enabled
        ? `calculations are kept ${config.calculationLog.retentionDays} days`
        : 'the calculation log is off';
      throw notFound(
        'calculation_not_found',
        `No logged calculation with id "${request.params.id}": ${why}`,
        '/id',
      );
    },
  );
  app.get(
    '/v1/customers/:id/calculations',
    {
      config: { roles: permissions.calculationsRead },
      schema: {
        tags,
        description:
          'What tills were answered for this customer, kept while PERK_CALCULATION_LOG is on, for PERK_CALCULATION_LOG_DAYS days. Pass nextBefore back as before.',
        summary: "A customer's logged cart calculations, newest first",
        params: Type.Object({ id: Uuid }),
        querystring: HistoryPageQuery,
        response: {
          200: historyPage(LoggedCalculationSchema),
          ...problemResponses,
        },
      },
    },
    async (request) =>
      (await listCustomerCalculations(db, request.params.id, request.query)) as {
        items: Logged[];
        nextBefore: string | null;
      },
  );
};
