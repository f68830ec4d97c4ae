import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { eventTypes } from '../../outbox/event-types.ts';
import { listDeliveries } from '../../webhooks/list-deliveries.ts';
import { replayDelivery, replayParked } from '../../webhooks/replay.ts';
import {
  createSubscription,
  listSubscriptions,
  updateSubscription,
} from '../../webhooks/subscriptions.ts';
import type { AppDeps } from '../app.ts';
import { Limit, problemResponses, Uuid } from '../schemas.ts';

const tags = ['webhooks'];
const EventTypeName = Type.Union(
  eventTypes.map((type) => Type.Literal(type)),
  { 'x-perk-component': 'WebhookEventType' },
);
const EventTypes = Type.Array(EventTypeName, { minItems: 1, maxItems: eventTypes.length });
const Url = Type.String({
  minLength: 1,
  maxLength: 2000,
  description: 'http:// or https://; redirects are not followed',
});
const Secret = Type.String({
  minLength: 16,
  maxLength: 200,
  pattern: '^[\\x21-\\x7e]+$',
  description: 'The HMAC-SHA256 signing key; generated (whsec_…) when absent',
});
const Description = Type.Union([Type.String({ maxLength: 500 }), Type.Null()]);
const webhookFields = {
  id: Type.String({ format: 'uuid' }),
  url: Type.String(),
  eventTypes: Type.Array(Type.String()),
  active: Type.Boolean(),
  description: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
};
const Webhook = Type.Object(webhookFields, { 'x-perk-component': 'Webhook' });
const CreatedWebhook = Type.Object(
  { ...webhookFields, secret: Type.String({ description: 'Shown in this answer only' }) },
  { 'x-perk-component': 'CreatedWebhook' },
);
const Delivery = Type.Object(
  {
    id: Type.Integer(),
    subscriptionId: Type.String({ format: 'uuid' }),
    eventId: Type.String({ format: 'uuid' }),
    eventType: Type.String(),
    status: Type.Enum(['pending', 'delivered', 'dead']),
    attempts: Type.Integer(),
    nextAttemptAt: Type.String({ format: 'date-time' }),
    lastStatus: Type.Union([Type.Integer(), Type.Null()]),
    lastError: Type.Union([Type.String(), Type.Null()]),
    deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { 'x-perk-component': 'WebhookDelivery' },
);

const signing =
  'Each delivery is a POST of `{id, type, occurredAt, customerId, createdAt, data}` with the ' +
  'headers `Perk-Event-Id` (the uuid to deduplicate by: delivery is at least once), ' +
  '`Perk-Event-Type`, `Perk-Delivery-Attempt` and `Perk-Signature: t=<unix seconds>,v1=<hex>`, ' +
  'where v1 is the HMAC-SHA256 of `<t>.<raw body>` under the secret; refuse a t far from now. ' +
  'A 2xx within PERK_WEBHOOK_TIMEOUT_SECONDS is delivered; anything else is retried with ' +
  'exponential backoff and jitter, and parked as dead after PERK_WEBHOOK_ATTEMPTS tries.';

export const webhookRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.post(
    '/v1/webhooks',
    {
      config: { roles: permissions.webhooks },
      schema: {
        tags,
        summary: 'Subscribe a URL to events; the answer shows the signing secret once',
        description: signing,
        body: Type.Object(
          {
            url: Url,
            eventTypes: EventTypes,
            secret: Type.Optional(Secret),
            active: Type.Optional(Type.Boolean({ default: true })),
            description: Type.Optional(Description),
          },
          { additionalProperties: false },
        ),
        response: { 201: CreatedWebhook, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createSubscription(db, request.actor, request.body, new Date())),
  );
  app.get(
    '/v1/webhooks',
    {
      config: { roles: permissions.webhooks },
      schema: {
        tags,
        summary: 'Every webhook subscription, without secrets',
        description:
          'Subscriptions oldest first, each with its URL, event types and whether it is active.',
        response: { 200: Type.Object({ items: Type.Array(Webhook) }), ...problemResponses },
      },
    },
    async () => ({ items: await listSubscriptions(db) }),
  );
  app.patch(
    '/v1/webhooks/:id',
    {
      config: { roles: permissions.webhooks },
      schema: {
        tags,
        summary: 'Change a subscription: URL, event types, secret, active, description',
        description:
          'Fields absent stay as they are. An inactive subscription gets no new events and its ' +
          'pending deliveries wait until it is active again. 404 webhook_not_found.',
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          {
            url: Type.Optional(Url),
            eventTypes: Type.Optional(EventTypes),
            secret: Type.Optional(Secret),
            active: Type.Optional(Type.Boolean()),
            description: Type.Optional(Description),
          },
          { additionalProperties: false },
        ),
        response: { 200: Webhook, ...problemResponses },
      },
    },
    async (request) =>
      updateSubscription(db, request.actor, request.params.id, request.body, new Date()),
  );
  app.get(
    '/v1/webhook-deliveries',
    {
      config: { roles: permissions.webhooks },
      schema: {
        tags,
        summary: 'Deliveries newest first, with status, tries and the last error',
        description:
          'Filter by status (pending, delivered, dead: the parked ones), subscription or event; ' +
          'page back with the last id seen as before.',
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Enum(['pending', 'delivered', 'dead'])),
            subscriptionId: Type.Optional(Uuid),
            eventId: Type.Optional(Uuid),
            before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
            limit: Limit,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Delivery) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await listDeliveries(db, request.query) }),
  );
  app.post(
    '/v1/webhook-deliveries/:id/replay',
    {
      config: { roles: permissions.webhooks },
      schema: {
        tags,
        summary: 'Send one delivery again (delivered or parked), with a fresh count of tries',
        description:
          'The event goes again with its own id, so a receiver that deduplicates ignores it if ' +
          'it had it. 404 webhook_delivery_not_found; 409 webhook_delivery_pending when it is ' +
          'being tried already.',
        params: Type.Object({
          id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
        }),
        response: { 202: Type.Object({ replayed: Type.Integer() }), ...problemResponses },
      },
    },
    async (request, reply) => {
      await replayDelivery(db, request.actor, request.params.id, new Date());
      return reply.status(202).send({ replayed: 1 });
    },
  );
  app.post(
    '/v1/webhook-deliveries/replay',
    {
      config: { roles: permissions.webhooks },
      schema: {
        tags,
        summary: 'Send every parked (dead) delivery again, of one subscription or all',
        description:
          'Answers how many were put back in the queue; each gets a fresh count of tries.',
        body: Type.Object({ subscriptionId: Type.Optional(Uuid) }, { additionalProperties: false }),
        response: { 202: Type.Object({ replayed: Type.Integer() }), ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send({
        replayed: await replayParked(db, request.actor, request.body, new Date()),
      }),
  );
};
