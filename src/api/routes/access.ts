import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createApiKey, listApiKeys, revokeApiKey } from '../../access/api-keys.ts';
import { listAudit } from '../../access/audit.ts';
import { permissions } from '../../access/permissions.ts';
import type { AppDeps } from '../app.ts';
import { forgetVerifiedKeys } from '../auth.ts';
import { Limit, problemResponses, RoleSchema, Uuid } from '../schemas.ts';

const ApiKey = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    role: RoleSchema,
    prefix: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { 'x-perk-component': 'ApiKey' },
);

const AuditEntry = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String({ format: 'date-time' }),
    actor: Type.Object({
      keyId: Type.Union([Uuid, Type.Null()]),
      operatorId: Type.Union([Uuid, Type.Null()]),
      name: Type.String(),
    }),
    action: Type.String(),
    entityType: Type.String(),
    entityId: Type.String(),
    before: Type.Unknown(),
    after: Type.Unknown(),
  },
  { 'x-perk-component': 'AuditEntry' },
);

export const accessRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.post(
    '/v1/keys',
    {
      config: { roles: permissions.keys },
      schema: {
        tags: ['access'],
        description:
          'role decides what the key may call: pos (tills: calculate, commit, return), web (site and app), admin (everything), analyst (read only). Keep the key from the answer: Perk stores only its hash. Audited.',
        summary: 'Create an API key; the key is shown only in this answer',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }), role: RoleSchema },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ key: Type.String(), apiKey: ApiKey }), ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createApiKey(db, request.actor, request.body)),
  );
  app.get(
    '/v1/keys',
    {
      config: { roles: permissions.keys },
      schema: {
        tags: ['access'],
        description:
          'Every key with its name, role, prefix (the first characters, to recognise it) and revocation time. The secret itself was shown once, when it was created.',
        summary: 'List API keys (never their secrets)',
        response: { 200: Type.Object({ items: Type.Array(ApiKey) }) },
      },
    },
    async () => ({ items: await listApiKeys(db) }),
  );
  app.delete(
    '/v1/keys/:id',
    {
      config: { roles: permissions.keys },
      schema: {
        tags: ['access'],
        description: 'The key stops working at once; it stays listed with revokedAt. Audited.',
        summary: 'Revoke an API key',
        params: Type.Object({ id: Uuid }),
        response: { 200: ApiKey, ...problemResponses },
      },
    },
    async (request) => {
      const revoked = await revokeApiKey(db, request.actor, request.params.id);
      forgetVerifiedKeys(db);
      return revoked;
    },
  );
  app.get(
    '/v1/audit',
    {
      config: { roles: permissions.auditRead },
      schema: {
        tags: ['access'],
        description:
          'Every change made through the API or the console, with the actor (API key or operator), the entity and its state before and after. Pages: pass nextBefore back as before.',
        summary: 'Audit log of changes, newest first, by actor (key or operator id), entity, time',
        querystring: Type.Object(
          {
            actorId: Type.Optional(Uuid),
            entityType: Type.Optional(Type.String()),
            entityId: Type.Optional(Type.String()),
            from: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive' })),
            to: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive' })),
            before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
            limit: Limit,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(AuditEntry),
            nextBefore: Type.Union([Type.Integer(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => {
      const items = await listAudit(db, request.query);
      const last = items.at(-1);
      return { items, nextBefore: items.length === request.query.limit && last ? last.id : null };
    },
  );
};
