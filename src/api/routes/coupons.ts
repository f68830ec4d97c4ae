import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import {
  createCouponSeries,
  getCouponSeries,
  listCouponSeries,
  maxListedSeries,
} from '../../coupons/coupon-series.ts';
import { listCustomerCoupons, maxCustomerCoupons } from '../../coupons/customer-coupons.ts';
import { couponCodesCsv } from '../../coupons/export-codes.ts';
import { generateCouponCodes, MAX_CODES_PER_CALL } from '../../coupons/generate-codes.ts';
import { issueCoupon } from '../../coupons/issue-coupon.ts';
import { resolveCoupons } from '../../coupons/resolve-coupons.ts';
import { getCustomer } from '../../customers/find-customer.ts';
import { MAX_COUNT } from '../../engine/money/bounds.ts';
import { PerkError } from '../../errors.ts';
import type { AppDeps } from '../app.ts';
import type { LookupLimiters } from '../lookup-limiters.ts';
import { Id, ProblemSchema, problemResponses, Uuid } from '../schemas.ts';

const Instant = Type.String({ format: 'date-time' });
const SeriesInput = Type.Object(
  {
    id: Id,
    promotionId: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.Enum(['unique', 'shared']),
    prefix: Type.Optional(Type.String({ maxLength: 29, pattern: '^[A-Za-z0-9 -]*$' })),
    randomLength: Type.Optional(Type.Integer({ minimum: 0, maximum: 29 })),
    usesPerCode: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_COUNT })),
    totalUses: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_COUNT })),
    perCustomerUses: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_COUNT })),
    validFrom: Type.Optional(Instant),
    validTo: Type.Optional(Instant),
    storeIds: Type.Optional(Type.Array(Id, { minItems: 1 })),
    releaseOnCancel: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, 'x-perk-component': 'CouponSeriesInput' },
);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);
const Series = Type.Object(
  {
    id: Type.String(),
    promotionId: Type.String(),
    name: Type.String(),
    kind: Type.Enum(['unique', 'shared']),
    prefix: Type.String(),
    randomLength: Type.Integer(),
    usesPerCode: Nullable(Type.Integer()),
    totalUses: Nullable(Type.Integer()),
    perCustomerUses: Nullable(Type.Integer()),
    validFrom: Nullable(Type.String()),
    validTo: Nullable(Type.String()),
    storeIds: Nullable(Type.Array(Type.String())),
    releaseOnCancel: Type.Boolean(),
    codeCount: Type.Integer(),
    code: Nullable(Type.String()),
    guessProbability: Type.Number({
      description: 'Chance that one well-formed random guess is valid',
    }),
  },
  { 'x-perk-component': 'CouponSeries' },
);
const CouponRefusal = Type.Enum([
  'unknown',
  'not_started',
  'expired',
  'wrong_store',
  'other_customer',
  'customer_required',
  'used_by_customer',
  'exhausted',
]);
const CouponCheck = Type.Object(
  {
    code: Type.String(),
    promotionId: Type.Optional(Type.String()),
    valid: Type.Boolean(),
    reason: Type.Optional(CouponRefusal),
  },
  { 'x-perk-component': 'CouponCheck' },
);
const CustomerCoupon = Type.Object(
  {
    code: Type.String(),
    seriesId: Type.String(),
    seriesName: Type.String(),
    promotionId: Type.String(),
    bound: Type.Boolean({ description: 'Issued to this customer: only they may use it' }),
    issuedAt: Nullable(Type.String({ format: 'date-time' })),
    validFrom: Nullable(Type.String({ format: 'date-time' })),
    validTo: Nullable(Type.String({ format: 'date-time' })),
    usable: Type.Boolean({ description: 'The customer could use it now in a store of its series' }),
    refusal: Nullable(CouponRefusal),
    redemptions: Type.Array(
      Type.Object({
        purchaseId: Type.String(),
        transactionId: Type.String(),
        redeemedAt: Type.String({ format: 'date-time' }),
        released: Type.Boolean({ description: 'Given back by a cancel or a return' }),
      }),
    ),
  },
  { 'x-perk-component': 'CustomerCoupon' },
);
const SeriesParams = Type.Object({ id: Id });
const batchIdRule = { minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' };
const BatchId = Type.String({
  ...batchIdRule,
  description: "The caller's id of this batch of codes: the idempotency key",
});
const Generated = Type.Object({
  batchId: Type.String(),
  generated: Type.Integer({ description: 'Codes this batch added' }),
  codeCount: Type.Integer({ description: 'Codes the series held once this batch was made' }),
});
const withTooMany = { ...problemResponses, 429: ProblemSchema };

/** Coupon series and promo codes: create, generate, export, issue, and check codes at the till. */
export const couponRoutes: FastifyPluginAsyncTypebox<
  AppDeps & { limiters: LookupLimiters }
> = async (app, { db, limiters }) => {
  app.post(
    '/v1/coupon-series',
    {
      config: { roles: permissions.couponsWrite },
      schema: {
        tags: ['coupons'],
        description:
          'unique: a series whose codes are generated (POST …/codes) or issued to customers, each usable usesPerCode times. shared: one promo code for everyone, made at once from prefix and randomLength random characters (none: the prefix itself). The promotion must exist; it applies only with a code when couponRequired.',
        summary: 'Create a coupon series (unique codes) or a promo code (shared)',
        body: SeriesInput,
        response: { 201: Series, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCouponSeries(db, request.actor, request.body)),
  );
  app.get(
    '/v1/coupon-series',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['coupons'],
        summary: 'Every coupon series by name, with how many codes each holds',
        description: `At most ${maxListedSeries} series.`,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object(
                {
                  id: Type.String(),
                  name: Type.String(),
                  kind: Type.Enum(['unique', 'shared']),
                  promotionId: Type.String(),
                  validFrom: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
                  validTo: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
                  codeCount: Type.Integer({ minimum: 0 }),
                },
                { 'x-perk-component': 'CouponSeriesSummary' },
              ),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async () => ({ items: await listCouponSeries(db) }),
  );
  app.get(
    '/v1/coupon-series/:id',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['coupons'],
        description:
          'guessProbability is the chance that one random well-formed guess hits a valid code: keep it tiny by a longer randomLength.',
        summary: 'A coupon series with its code count and guess probability',
        params: SeriesParams,
        response: { 200: Series, ...problemResponses },
      },
    },
    async (request) => getCouponSeries(db, request.params.id),
  );
  app.post(
    '/v1/coupon-series/:id/codes',
    {
      config: { roles: permissions.couponsWrite },
      schema: {
        tags: ['coupons'],
        summary: 'Generate N new unique codes (all or none), idempotent by batchId',
        description:
          'batchId is required. Idempotent per API key, series and batchId: the same body again answers the first result with 200 and adds no code; another body is 409 batch_conflict, with `field` (and `errors`) at every field that differs. Of simultaneous requests with one batchId, one makes the batch and the others answer it.',
        params: SeriesParams,
        body: Type.Object(
          {
            batchId: BatchId,
            count: Type.Integer({ minimum: 1, maximum: MAX_CODES_PER_CALL }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Generated, 201: Generated, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { result, replayed } = await generateCouponCodes(db, request.actor, {
        seriesId: request.params.id,
        ...request.body,
      });
      return reply.status(replayed ? 200 : 201).send(result);
    },
  );
  app.get(
    '/v1/coupon-series/:id/codes.csv',
    {
      config: { roles: permissions.couponsWrite },
      schema: {
        tags: ['coupons'],
        summary:
          'Export the codes as CSV (streamed): code,customer_id,uses,max_uses,issued_at,batch_id',
        description:
          'All codes of the series, batch by batch in batchId order (each in code order), then the codes no batch made (issued to a customer, the promo code, generated before batches were recorded; their batch_id is empty). With batchId, only the codes that batch made; codes made under one batchId by several API keys export together. An unknown batchId is 404 coupon_batch_not_found.',
        params: SeriesParams,
        querystring: Type.Object(
          {
            batchId: Type.Optional(
              Type.String({ ...batchIdRule, description: 'Export only the codes of this batch' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: 'The codes, one a line after the header',
            content: { 'text/csv': { schema: Type.String() } },
          },
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { batchId } = request.query;
      const lines = await couponCodesCsv(db, id, batchId);
      const filename = batchId === undefined ? id : `${id}-${batchId}`;
      return (
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${filename}.csv"`)
          // A stream goes out as it is; the 200 schema only documents the CSV it carries.
          .send(Readable.from(lines) as unknown as string)
      );
    },
  );
  app.post(
    '/v1/coupon-series/:id/issue',
    {
      config: { roles: permissions.couponsWrite },
      schema: {
        tags: ['coupons'],
        description:
          'A new code of a unique series, usable only by this customer. Answers the code to send to them.',
        summary: 'Issue a new code bound to a customer (e.g. a campaign reward)',
        params: SeriesParams,
        body: Type.Object({ customerId: Uuid }, { additionalProperties: false }),
        response: {
          201: Type.Object({
            code: Type.String(),
            seriesId: Type.String(),
            customerId: Type.String(),
          }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        // The code, its audit and its event land together.
        await db.transaction().execute((trx) =>
          issueCoupon(trx, request.actor, {
            seriesId: request.params.id,
            customerId: request.body.customerId,
            now: new Date(),
          }),
        ),
      ),
  );
  app.post(
    '/v1/coupons/check',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['coupons'],
        description:
          'Reads only; a till checks codes as the cashier types them. Each code answers valid with its promotion, or a reason: unknown, not_started, expired, wrong_store, other_customer, customer_required, used. Too many unknown codes from one key are refused for a while (429).',
        summary: 'Check entered codes: valid for which promotion, or why not',
        body: Type.Object(
          {
            storeId: Id,
            codes: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
              minItems: 1,
              maxItems: 20,
            }),
            customerId: Type.Optional(Uuid),
            at: Type.Optional(Instant),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ coupons: Type.Array(CouponCheck) }), ...withTooMany },
      },
    },
    async (request, reply) => {
      const result = await resolveCoupons(
        db,
        {
          codes: request.body.codes,
          customerId: request.body.customerId ?? null,
          storeId: request.body.storeId,
          now: request.body.at ? new Date(request.body.at) : new Date(),
          apiKeyId: request.actor.keyId,
        },
        limiters.couponLookups,
      );
      if (result.ok) return { coupons: result.coupons };
      reply.header('retry-after', String(result.retryAfterSeconds));
      throw new PerkError('rate_limited', result.code, 'Too many unknown codes; try again later', {
        details: { retryAfterSeconds: result.retryAfterSeconds },
      });
    },
  );
  app.get(
    '/v1/customers/:id/coupons',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags: ['coupons'],
        description: `Codes issued to the customer and codes used in their purchases, newest first (at most ${maxCustomerCoupons}), each with its uses by this customer and whether they could use it now, with the till's refusal reason when not. A merged-away id answers for the survivor.`,
        summary: 'Coupons issued to or used by a customer',
        params: Type.Object({ id: Uuid }),
        response: {
          200: Type.Object({ items: Type.Array(CustomerCoupon) }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { customer } = await getCustomer(db, request.params.id);
      return { items: await listCustomerCoupons(db, customer.id, new Date()) };
    },
  );
};
