import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { notFound } from '../../errors.ts';
import type { RulesetCache } from '../../promotions/ruleset-cache.ts';
import { assignTier } from '../../tiers/assign-tier.ts';
import { customerTierView } from '../../tiers/customer-tier-view.ts';
import { runPeriodEnd } from '../../tiers/run-period-end.ts';
import { TierProgramSchema, TierSchema } from '../../tiers/tier-program.ts';
import {
  getTierProgram,
  patchTierProgram,
  putTierProgram,
} from '../../tiers/tier-program-store.ts';
import type { AppDeps } from '../app.ts';
import { TierOutcomeSchema } from '../purchase-schemas.ts';
import { IfMatchHeaders, ifMatchRevision, withEtag } from '../revision-headers.ts';
import { Id, problemResponses, Uuid } from '../schemas.ts';
import { serviceValidatesBody } from '../validator.ts';

const StoredProgram = Type.Object(
  {
    program: TierProgramSchema,
    revision: Type.Integer(),
    updatedAt: Type.String({ format: 'date-time' }),
    changedPromotions: Type.Optional(Type.Array(Type.String())),
  },
  { 'x-perk-component': 'StoredTierProgram' },
);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const View = Type.Object(
  {
    tier: Nullable(TierSchema),
    metric: Nullable(
      Type.Object({
        kind: Type.Enum(['spent_minor', 'purchase_count']),
        value: Type.Integer(),
        after: Nullable(Type.String({ format: 'date-time' })),
        at: Type.String({ format: 'date-time' }),
      }),
    ),
    next: Nullable(
      Type.Object({
        tier: TierSchema,
        remaining: Type.Integer(),
        message: Type.Object({ ru: Type.String(), en: Type.String() }),
      }),
    ),
    history: Type.Array(
      Type.Object({
        fromTierId: Nullable(Type.String()),
        toTierId: Nullable(Type.String()),
        at: Type.String({ format: 'date-time' }),
        reason: Type.Enum(['purchase', 'return', 'period_end', 'manual']),
        metric: Type.Integer(),
        purchaseId: Nullable(Type.String()),
        actorName: Nullable(Type.String()),
        note: Nullable(Type.String()),
        welcomeBonusPoints: Type.Integer(),
      }),
    ),
  },
  { 'x-perk-component': 'CustomerTier' },
);
const At = Type.Object(
  { at: Type.Optional(Type.String({ format: 'date-time', description: 'Instant; default now' })) },
  { additionalProperties: false },
);
const instant = (at: string | undefined) => (at === undefined ? Date.now() : Date.parse(at));

export const tierRoutes: FastifyPluginAsyncTypebox<AppDeps & { rulesets: RulesetCache }> = async (
  app,
  { db, rulesets },
) => {
  app.put(
    '/v1/tiers',
    {
      config: { roles: permissions.tiersWrite },
      validatorCompiler: serviceValidatesBody,
      schema: {
        tags: ['tiers'],
        summary: 'Replace the tier programme (audited); tier discounts become promotions',
        description:
          'The whole programme is replaced: the metric (kopecks spent or purchases), its period, ' +
          'the tiers from lowest, and their benefits. Every problem is answered at once. Tier ' +
          'discounts are kept as promotions, named in changedPromotions. Audited. Send If-Match ' +
          'with the ETag read (0 while none is defined) to refuse overwriting a concurrent change ' +
          '(412 precondition_failed); without it the write is unconditional.',
        headers: IfMatchHeaders,
        body: TierProgramSchema,
        response: { 200: StoredProgram, ...problemResponses },
      },
    },
    async (request, reply) => {
      const expected = ifMatchRevision(request.headers);
      const stored = await putTierProgram(db, request.actor, request.body, expected);
      if (stored.changedPromotions.length > 0) await rulesets.refresh();
      return withEtag(reply, stored.revision, stored);
    },
  );
  app.patch(
    '/v1/tiers',
    {
      config: { roles: permissions.tiersWrite },
      validatorCompiler: serviceValidatesBody,
      schema: {
        tags: ['tiers'],
        summary: 'Change part of the tier programme (JSON merge patch; `tiers` is replaced whole)',
        description:
          'Changes only the fields sent (RFC 7396; application/json or ' +
          'application/merge-patch+json). The merged programme is checked whole, every problem ' +
          'answered at once; a refused patch changes nothing. If-Match as for PUT.',
        headers: IfMatchHeaders,
        body: Type.Partial(TierProgramSchema),
        response: { 200: StoredProgram, ...problemResponses },
      },
    },
    async (request, reply) => {
      const expected = ifMatchRevision(request.headers);
      const stored = await patchTierProgram(db, request.actor, request.body, expected);
      if (stored.changedPromotions.length > 0) await rulesets.refresh();
      return withEtag(reply, stored.revision, stored);
    },
  );
  app.get(
    '/v1/tiers',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['tiers'],
        description: 'The programme with its revision.',
        summary: 'The tier programme; 404 tiers_not_configured while none is defined',
        response: { 200: StoredProgram, ...problemResponses },
      },
    },
    async (_request, reply) => {
      const stored = await getTierProgram(db);
      if (!stored) throw notFound('tiers_not_configured', 'No tier programme is defined');
      return withEtag(reply, stored.revision, stored);
    },
  );
  app.post(
    '/v1/tiers/period-end',
    {
      config: { roles: permissions.tiersWrite },
      schema: {
        tags: ['tiers'],
        description:
          'Run by the scheduler; callable by hand for a given instant (at). Customers whose metric over the period ended is below their tier move down. Running it again for the same instant moves no one twice.',
        summary: 'Move down customers whose period ended below their tier (idempotent)',
        body: At,
        response: {
          200: Type.Object({ checked: Type.Integer(), downgraded: Type.Integer() }),
          ...problemResponses,
        },
      },
    },
    async (request) => runPeriodEnd(db, instant(request.body.at)),
  );
  app.get(
    '/v1/customers/:id/tier',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags: ['tiers'],
        description:
          'The tier now (or at `at`), the metric it is judged by, how much is left to the next tier with a ru/en line for an app, and every move so far.',
        summary: "A customer's tier, metric, progress to the next tier and tier history",
        params: Type.Object({ id: Uuid }),
        querystring: At,
        response: { 200: View, ...problemResponses },
      },
    },
    async (request) => customerTierView(db, request.params.id, instant(request.query.at)),
  );
  app.post(
    '/v1/customers/:id/tier',
    {
      config: { roles: permissions.tierAssign },
      schema: {
        tags: ['tiers'],
        description:
          "With the programme's autoTransition on, only the rules move customers and this is refused. tierId null takes the customer out of every tier. The move enters the tier history (reason manual) with the actor and the note.",
        summary: 'Move a customer to a tier by hand (only with auto-transition off)',
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          {
            tierId: Nullable(Id),
            note: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
            at: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: TierOutcomeSchema, ...problemResponses },
      },
    },
    async (request) => {
      const { tierId, note, at } = request.body;
      const move = note === undefined ? { tierId } : { tierId, note };
      return assignTier(db, request.actor, request.params.id, move, instant(at));
    },
  );
};
