import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { ProgramSettingsSchema } from '../../ledger/program-settings.ts';
import {
  getSimulation,
  listSimulations,
  requestSimulation,
} from '../../simulator/simulation-runs.ts';
import { simulationTable } from '../../simulator/simulation-table.ts';
import { TierProgramSchema } from '../../tiers/tier-program.ts';
import type { AppDeps } from '../app.ts';
import { Limit, problemResponses, Uuid } from '../schemas.ts';
import { CsvChoice, jsonOrCsv, send } from './analytics-answer.ts';

const Month = Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM' });
const Minor = Type.Integer({ description: 'Kopecks' });
const ChangeBp = Type.Integer({
  minimum: -10_000,
  maximum: 20_000,
  description: 'Signed change in basis points: 1 000 = +10%',
});

const SimulationModel = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    tierProgram: TierProgramSchema,
    settings: Type.Optional({
      ...Type.Partial(ProgramSettingsSchema),
      description: 'Points settings that differ from the live programme’s',
    }),
    welcomeBonusPoints: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Credited after a customer’s first check' }),
    ),
    redeemersShareBp: Type.Integer({
      minimum: 0,
      maximum: 10_000,
      description:
        'Share of customers who spend the most points each check allows; the rest never spend',
    }),
  },
  { additionalProperties: false, 'x-perk-component': 'SimulationModel' },
);
const SimulationScenario = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    newCustomersBp: Type.Optional(ChangeBp),
    frequencyBp: Type.Optional(ChangeBp),
    averageCheckBp: Type.Optional(ChangeBp),
  },
  { additionalProperties: false, 'x-perk-component': 'SimulationScenario' },
);
const SimulationRequest = Type.Object(
  {
    fromMonth: Month,
    toMonth: Month,
    grossMarginBp: Type.Integer({ minimum: 0, maximum: 10_000, description: 'Basis points' }),
    models: Type.Array(SimulationModel, { minItems: 1, maxItems: 4 }),
    scenarios: Type.Array(SimulationScenario, { minItems: 1, maxItems: 3 }),
  },
  {
    additionalProperties: false,
    'x-perk-component': 'SimulationRequest',
  },
);
const MonthFigures = {
  checks: Type.Integer(),
  salesMinor: Minor,
  discountMinor: Minor,
  pointsAccrued: Type.Integer(),
  pointsBonus: Type.Integer({ description: 'Welcome bonuses: the model’s and the tiers’' }),
  pointsRedeemed: Type.Integer(),
  pointsExpired: Type.Integer(),
  liabilityPoints: Type.Integer({ description: 'Points held at the end (pending included)' }),
  liabilityMinor: Minor,
  revenueWithMinor: Minor,
  revenueWithoutMinor: Minor,
  marginWithMinor: Minor,
  marginWithoutMinor: Minor,
  marginEffectMinor: Minor,
};
const SimulationOutcome = Type.Object(
  {
    model: Type.String(),
    scenario: Type.String(),
    months: Type.Array(
      Type.Object({
        month: Month,
        customersByTier: Type.Array(
          Type.Object({
            tierId: Type.Union([Type.String(), Type.Null()]),
            customers: Type.Integer(),
          }),
        ),
        ...MonthFigures,
      }),
    ),
    totals: Type.Object({
      customers: Type.Integer(),
      newCustomers: Type.Integer(),
      ...MonthFigures,
    }),
  },
  { 'x-perk-component': 'SimulationOutcome' },
);
const SimulationRun = Type.Object(
  {
    id: Uuid,
    status: Type.Enum(['queued', 'running', 'done', 'failed']),
    request: SimulationRequest,
    requestedBy: Type.String(),
    checksTotal: Type.Integer({ description: 'Identified checks to replay, when asked for' }),
    checksDone: Type.Integer(),
    results: Type.Union([Type.Array(SimulationOutcome), Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { 'x-perk-component': 'SimulationRun' },
);

export const analyticsSimulationRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (
  app,
  { db },
) => {
  app.post(
    '/v1/analytics/simulations',
    {
      config: { roles: permissions.analytics },
      schema: {
        tags: ['analytics'],
        summary: 'Simulate up to 4 candidate programmes under up to 3 scenarios on past checks',
        description:
          'Queues a simulation: each model (a tier programme and points settings, as they would ' +
          'be launched, a welcome bonus, the share of customers who spend points) is replayed ' +
          'over the identified checks of the months given through the production tier and ' +
          'points rules, under each scenario (changes in new customers, frequency and average ' +
          'check). Runs in the background on one node; poll GET /v1/analytics/simulations/{id}. ' +
          'Refused with every problem at once (400). docs/analytics.md gives the method.',
        body: SimulationRequest,
        response: { 202: SimulationRun, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await requestSimulation(db, request.actor, request.body as Record<string, unknown>)),
  );
  app.get(
    '/v1/analytics/simulations',
    {
      config: { roles: permissions.analytics },
      schema: {
        tags: ['analytics'],
        summary: 'The latest simulations, newest first',
        description: 'Each with its progress and, once done, its results.',
        querystring: Type.Object({ limit: Type.Optional(Limit) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(SimulationRun) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await listSimulations(db, request.query.limit ?? 50) }),
  );
  app.get(
    '/v1/analytics/simulations/:id',
    {
      config: { roles: permissions.analytics },
      schema: {
        tags: ['analytics'],
        summary: 'One simulation: its progress, and its results once done',
        description:
          'With `format=csv` (or `Accept: text/csv`), the comparison: a row per model × ' +
          'scenario with its totals. 404 simulation_not_found.',
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object({ ...CsvChoice }, { additionalProperties: false }),
        response: { 200: jsonOrCsv(SimulationRun), ...problemResponses },
      },
    },
    async (request, reply) =>
      send(
        request,
        reply,
        'simulation',
        await getSimulation(db, request.params.id),
        simulationTable,
      ),
  );
};
