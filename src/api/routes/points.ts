import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { ProgramSettingsSchema } from '../../ledger/program-settings.ts';
import { adjustPoints } from '../../points/adjust-points.ts';
import { listPointsEntries, listPointsLots } from '../../points/list-points.ts';
import { getPointsBalance } from '../../points/points-balance.ts';
import {
  AdjustmentInputSchema,
  AdjustmentSchema,
  EntryViewSchema,
  LotViewSchema,
  PointsBalanceSchema,
} from '../../points/points-schemas.ts';
import {
  patchProgramSettings,
  putProgramSettings,
  readStoredProgramSettings,
} from '../../points/program-settings-store.ts';
import type { AppDeps } from '../app.ts';
import { IfMatchHeaders, ifMatchRevision, withEtag } from '../revision-headers.ts';
import { Limit, problemResponses, Uuid } from '../schemas.ts';
import { serviceValidatesBody } from '../validator.ts';

const tags = ['points'];
const ById = Type.Object({ id: Uuid });

/** A customer's points, their lots and entries, manual adjustments, and the programme settings. */
export const pointsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.get(
    '/v1/customers/:id/points',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags,
        description:
          'active: spendable now (net of debt); pending: accrued, spendable after the return period; debt: points owed after returns of spent points. expiringSoon lists what expires within soonDays.',
        summary: 'Points balance: active, pending, debt and what expires soon',
        params: ById,
        querystring: Type.Object(
          { soonDays: Type.Integer({ minimum: 0, maximum: 3650, default: 30 }) },
          { additionalProperties: false },
        ),
        response: { 200: PointsBalanceSchema, ...problemResponses },
      },
    },
    async (request) => {
      const view = await getPointsBalance(
        db,
        request.params.id,
        Date.now(),
        request.query.soonDays,
      );
      const expiringSoon = view.expiringSoon.map(({ at, points }) => ({
        at: new Date(at).toISOString(),
        points,
      }));
      return { ...view, expiringSoon };
    },
  );
  app.get(
    '/v1/customers/:id/points/lots',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags,
        description:
          'Each accrual is a lot with its own activation and expiry; spending draws from the lot that expires first.',
        summary: 'Lots of points, soonest to be spent first',
        params: ById,
        querystring: Type.Object(
          {
            includeSpent: Type.Boolean({
              default: false,
              description: 'also lots with nothing left',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(LotViewSchema) }), ...problemResponses },
      },
    },
    async (request) => ({
      items: await listPointsLots(db, request.params.id, Date.now(), request.query),
    }),
  );
  app.get(
    '/v1/customers/:id/points/entries',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags,
        description:
          "The double-entry ledger of the customer's points: accruals, activations, spending, returns, expiry, adjustments. Pass nextBefore back as before.",
        summary: 'Ledger entries, newest first (keyset paging with nextBefore)',
        params: ById,
        querystring: Type.Object(
          {
            limit: Limit,
            before: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: Number.MAX_SAFE_INTEGER,
                description: 'Previous nextBefore',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(EntryViewSchema),
            nextBefore: Type.Union([Type.Integer(), Type.Null()]),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => listPointsEntries(db, request.params.id, request.query),
  );
  app.post(
    '/v1/customers/:id/points/adjustments',
    {
      config: { roles: permissions.pointsAdjust },
      schema: {
        tags,
        summary: 'Credit or debit points by hand, with a reason (idempotent by operationId)',
        description:
          'A repeat with the same operationId and body answers the first result with 200; another body is 409 operation_conflict.',
        params: ById,
        body: AdjustmentInputSchema,
        response: { 200: AdjustmentSchema, 201: AdjustmentSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { operationId } = request.body;
      const input = { ...request.body, customerId: request.params.id, now: Date.now() };
      const outcome = await db
        .transaction()
        .execute((trx) => adjustPoints(trx, request.actor, input));
      return reply.status(outcome.replayed ? 200 : 201).send({ operationId, ...outcome.result });
    },
  );
  app.get(
    '/v1/points/settings',
    {
      config: { roles: permissions.read },
      schema: {
        tags,
        description:
          "Currency, the value of a point, accrual and redemption rates (also per tier), the return period, expiry, the programme's time zone and what a return does when points were spent.",
        summary: 'The points programme settings; the ETag is their revision',
        response: { 200: ProgramSettingsSchema },
      },
    },
    async (_request, reply) => {
      const { settings, revision } = await readStoredProgramSettings(db);
      return withEtag(reply, revision, settings);
    },
  );
  app.put(
    '/v1/points/settings',
    {
      config: { roles: permissions.settingsWrite },
      validatorCompiler: serviceValidatesBody,
      schema: {
        tags,
        summary: 'Replace the points programme settings (every field required; PATCH changes some)',
        description:
          'A replacement: a body missing fields is refused with each one `required`, every ' +
          'problem at once. Send If-Match with the ETag read to refuse overwriting a concurrent ' +
          'change (412 precondition_failed); without it the write is unconditional.',
        headers: IfMatchHeaders,
        body: ProgramSettingsSchema,
        response: { 200: ProgramSettingsSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const options = { expectedRevision: ifMatchRevision(request.headers), complete: true };
      const saved = await putProgramSettings(db, request.actor, request.body, options);
      return withEtag(reply, saved.revision, saved.settings);
    },
  );
  app.patch(
    '/v1/points/settings',
    {
      config: { roles: permissions.settingsWrite },
      validatorCompiler: serviceValidatesBody,
      schema: {
        tags,
        summary: 'Change some points programme settings (JSON merge patch)',
        description:
          'Changes only the fields sent (RFC 7396; content type application/json or ' +
          'application/merge-patch+json); `null` gives a field back its default. The merged ' +
          'settings are checked whole and every problem answered at once; a refused patch ' +
          'changes nothing. If-Match as for PUT.',
        headers: IfMatchHeaders,
        body: Type.Partial(ProgramSettingsSchema),
        response: { 200: ProgramSettingsSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const expected = ifMatchRevision(request.headers);
      const saved = await patchProgramSettings(db, request.actor, request.body, expected);
      return withEtag(reply, saved.revision, saved.settings);
    },
  );
};
