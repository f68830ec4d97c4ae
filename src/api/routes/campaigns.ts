import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { listEvents, reportAbandonedCart } from '../../campaigns/abandoned-carts.ts';
import { reportAction } from '../../campaigns/actions.ts';
import { CampaignDefinitionSchema } from '../../campaigns/campaign-schema.ts';
import {
  createCampaign,
  getCampaign,
  listCampaigns,
  replaceCampaign,
} from '../../campaigns/campaigns.ts';
import { customerProgress } from '../../campaigns/progress-view.ts';
import { referralCodeFor } from '../../campaigns/referrals.ts';
import { MAX_AMOUNT_MINOR } from '../../engine/money/bounds.ts';
import type { AppDeps } from '../app.ts';
import { Id, Limit, problemResponses, Uuid } from '../schemas.ts';

const StoredCampaign = Type.Object(
  {
    id: Type.String(),
    revision: Type.Integer(),
    definition: CampaignDefinitionSchema,
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { 'x-perk-component': 'StoredCampaign' },
);

const Progress = Type.Object(
  {
    campaignId: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    done: Type.Integer(),
    target: Type.Integer(),
    rewarded: Type.Boolean(),
    heldOut: Type.Boolean({
      description: "In the campaign's control group: purchases make no progress",
    }),
    text: Type.Object({ ru: Type.String(), en: Type.String() }),
  },
  { 'x-perk-component': 'CampaignProgress' },
);

/** Campaign definitions (admin writes, audited), customers' progress and referral codes. */
export const campaignRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  const tags = ['campaigns'];
  app.post(
    '/v1/campaigns',
    {
      config: { roles: permissions.campaignsWrite },
      schema: {
        tags,
        description:
          'A campaign rewards customers for what they do: a birthday, registering, a streak of purchases, a reported action, an abandoned cart, a referral. The reward is points, a coupon or a tier (null: none). Audited.',
        summary: 'Create a contact campaign',
        body: CampaignDefinitionSchema,
        response: { 201: StoredCampaign, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCampaign(db, request.actor, request.body)),
  );
  app.put(
    '/v1/campaigns/:id',
    {
      config: { roles: permissions.campaignsWrite },
      schema: {
        tags,
        description:
          "The whole definition is replaced; its rule's kind cannot change (create another campaign instead). Rewards already given stay. Audited.",
        summary: 'Replace a contact campaign (its kind stays)',
        params: Type.Object({ id: Id }),
        body: CampaignDefinitionSchema,
        response: { 200: StoredCampaign, ...problemResponses },
      },
    },
    async (request) => replaceCampaign(db, request.actor, request.params.id, request.body),
  );
  app.get(
    '/v1/campaigns',
    {
      config: { roles: permissions.read },
      schema: {
        tags,
        description:
          'Every contact campaign, whatever its status, with its definition and revision.',
        summary: 'List contact campaigns',
        response: { 200: Type.Object({ items: Type.Array(StoredCampaign) }) },
      },
    },
    async () => ({ items: await listCampaigns(db) }),
  );
  app.get(
    '/v1/campaigns/:id',
    {
      config: { roles: permissions.read },
      schema: {
        tags,
        description:
          "The campaign's definition, revision and when it was created and last changed; 404 campaign_not_found for an unknown id.",
        summary: 'One contact campaign',
        params: Type.Object({ id: Id }),
        response: { 200: StoredCampaign, ...problemResponses },
      },
    },
    async (request) => getCampaign(db, request.params.id),
  );
  app.get(
    '/v1/customers/:id/campaigns',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags,
        description:
          'For each active purchase campaign the customer takes part in: how far they are (done of target), whether it has rewarded them, and a ru/en line to show in an app.',
        summary: 'The customer\'s progress in purchase campaigns ("2 of 3 purchases")',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Object({ items: Type.Array(Progress) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await customerProgress(db, request.params.id) }),
  );
  app.get(
    '/v1/customers/:id/referral-code',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags,
        description:
          'The same code on every call. A friend who registers with it (referralCode in POST /v1/customers) brings the rewards of the referral campaign.',
        summary: "The customer's referral code, made on first request",
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Object({ code: Type.String() }), ...problemResponses },
      },
    },
    async (request) => ({ code: await referralCodeFor(db, request.params.id) }),
  );
  actionAndCartRoutes(app, db);
};

const Outcome = Type.Object(
  {
    campaignId: Type.String(),
    granted: Type.Boolean(),
    reason: Type.Optional(Type.String()),
    operationId: Type.Optional(Type.String()),
    reward: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true, 'x-perk-component': 'ActionReward' },
);

function actionAndCartRoutes(app: Parameters<typeof campaignRoutes>[0], db: AppDeps['db']) {
  app.post(
    '/v1/customers/:id/actions',
    {
      config: { roles: permissions.actionsReport },
      schema: {
        tags: ['campaigns'],
        description:
          'Actions such as `app_installed` or `review_written` count towards action campaigns. Idempotent by actionId: a repeat answers the first result (200, replayed: true) and gives nothing twice.',
        summary: 'Report a non-purchase action (idempotent by actionId); answers its rewards',
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          {
            type: Type.String({ minLength: 1, maxLength: 100 }),
            actionId: Id,
            at: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            actionId: Type.String(),
            type: Type.String(),
            at: Type.String(),
            replayed: Type.Boolean(),
            rewards: Type.Array(Outcome),
          }),
          201: Type.Object({
            actionId: Type.String(),
            type: Type.String(),
            at: Type.String(),
            replayed: Type.Boolean(),
            rewards: Type.Array(Outcome),
          }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const result = await reportAction(db, request.params.id, request.body, new Date());
      return reply.status(result.replayed ? 200 : 201).send(result);
    },
  );
  app.post(
    '/v1/carts/abandoned',
    {
      config: { roles: permissions.abandonedCarts },
      schema: {
        tags: ['campaigns'],
        description:
          'Abandoned-cart campaigns (rule kind abandoned_cart) act on it after their hours. A cart id is recorded once: later reports of it answer recorded: false and change nothing.',
        summary: 'Report a cart left without checkout (the first report of a cart id stands)',
        body: Type.Object(
          {
            cartId: Id,
            customerId: Uuid,
            totalMinor: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_AMOUNT_MINOR })),
            at: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({
            cartId: Type.String(),
            reportedAt: Type.String(),
            recorded: Type.Boolean(),
          }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await reportAbandonedCart(db, request.body, new Date())),
  );
  app.get(
    '/v1/events',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags: ['campaigns'],
        description:
          'What the mailing system sends from (campaign rewards, abandoned carts…), each with its payload. Poll with the last id seen as after.',
        summary: 'Events for the mailing system with an id above `after`, oldest first',
        querystring: Type.Object(
          {
            after: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 }),
            limit: Limit,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.Integer(),
                kind: Type.String(),
                payload: Type.Unknown(),
                createdAt: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      items: await listEvents(db, request.query.after, request.query.limit),
    }),
  );
}
