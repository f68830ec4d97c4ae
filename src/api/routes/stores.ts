import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import type { StoreCache } from '../../stores/store-cache.ts';
import { getStore, listStores, putStore } from '../../stores/stores.ts';
import type { AppDeps } from '../app.ts';
import { ChannelSchema, Id, problemResponses } from '../schemas.ts';

const StoreInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    region: Type.String({ minLength: 1, maxLength: 200 }),
    timeZone: Type.String({ minLength: 1, description: 'IANA time zone, e.g. Asia/Yekaterinburg' }),
    channel: ChannelSchema,
  },
  { additionalProperties: false, 'x-perk-component': 'StoreInput' },
);
const Store = Type.Object({ id: Id, ...StoreInput.properties }, { 'x-perk-component': 'Store' });

export const storeRoutes: FastifyPluginAsyncTypebox<AppDeps & { stores: StoreCache }> = async (
  app,
  { db, stores },
) => {
  app.put(
    '/v1/stores/:id',
    {
      config: { roles: permissions.storesWrite },
      schema: {
        tags: ['stores'],
        description:
          "Answers 201 when the store is new, 200 when it replaced one. The time zone decides the store's local dates and hours (promotion schedules, local validity dates).",
        summary: 'Create or replace a store',
        params: Type.Object({ id: Id }),
        body: StoreInput,
        response: { 200: Store, 201: Store, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { store, created } = await putStore(db, request.actor, request.params.id, request.body);
      stores.forget(store.id);
      return reply.status(created ? 201 : 200).send(store);
    },
  );
  app.get(
    '/v1/stores',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['stores'],
        description: 'Every store with region, time zone and channel.',
        summary: 'List stores',
        response: { 200: Type.Object({ items: Type.Array(Store) }) },
      },
    },
    async () => ({ items: await listStores(db) }),
  );
  app.get(
    '/v1/stores/:id',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['stores'],
        description: '404 store_not_found for an unknown id.',
        summary: 'Get a store',
        params: Type.Object({ id: Id }),
        response: { 200: Store, ...problemResponses },
      },
    },
    async (request) => getStore(db, request.params.id),
  );
};
