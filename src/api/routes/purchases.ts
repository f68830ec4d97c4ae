import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import type { ProductFactsSource } from '../../catalogue/product-facts-cache.ts';
import { MAX_AMOUNT_MINOR, MAX_LINES, MAX_QUANTITY_MILLI } from '../../engine/money/bounds.ts';
import type { Handlers } from '../../handlers.ts';
import type { ProgrammeCache } from '../../programme/programme-cache.ts';
import type { RulesetCache } from '../../promotions/ruleset-cache.ts';
import { type CommitDeps, commitPurchase } from '../../purchases/commit-purchase.ts';
import { listCustomerPurchases } from '../../purchases/list-purchases.ts';
import { commitOfflineChecks } from '../../purchases/offline-checks.ts';
import { resolvePurchaseId } from '../../purchases/purchase-reference.ts';
import { loadPurchase, loadPurchaseTrace } from '../../purchases/purchase-rows.ts';
import { returnPurchase } from '../../purchases/return-purchase.ts';
import type { KeyedQueue } from '../../store/keyed-queue.ts';
import type { StoreCache } from '../../stores/store-cache.ts';
import type { AppDeps } from '../app.ts';
import { CartCalculationSchema } from '../calculation-schema.ts';
import type { LookupLimiters } from '../lookup-limiters.ts';
import { PurchaseReceiptSchema, ReturnReceiptSchema } from '../purchase-schemas.ts';
import { HistoryPageQuery, historyPage, problemResponses, Uuid } from '../schemas.ts';
import { CalculateRequest } from './carts.ts';

const TransactionId = Type.String({
  minLength: 1,
  maxLength: 100,
  description: "The till's own id of the check: the idempotency key",
});
const Payment = Type.Union([
  Type.Object(
    {
      kind: Type.Enum(['cash', 'bank_card', 'other']),
      amountMinor: Type.Integer({ minimum: 0, maximum: MAX_AMOUNT_MINOR }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('gift_card'),
      amountMinor: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT_MINOR }),
      giftCard: Type.Object(
        { number: Type.String({ minLength: 1 }), pin: Type.String({ minLength: 1 }) },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  ),
]);
const SoldGiftCard = Type.Union([
  Type.String({ minLength: 1, description: 'The card number alone: voided only by a cancel' }),
  Type.Object(
    {
      number: Type.String({ minLength: 1 }),
      lineId: Type.String({
        minLength: 1,
        description: 'The line that sold it (whole units, one card per unit at most)',
      }),
    },
    { additionalProperties: false },
  ),
]);
// A commit is a till's sale at its own time: never a what-if, whose `at` may lie ahead.
const { whatIf: _whatIf, ...cartFields } = CalculateRequest.properties;
const CommitRequest = Type.Object(
  {
    ...cartFields,
    redeemPoints: Type.Optional({
      ...CalculateRequest.properties.redeemPoints,
      description:
        'Points the customer pays with: spent by this commit from the locked balance; more than the balance or the programme allows is refused',
    }),
    transactionId: TransactionId,
    expectedTotalMinor: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_AMOUNT_MINOR,
        description: 'The total the till showed; a different total now is 409 total_changed',
      }),
    ),
    giftCardsSold: Type.Optional(
      Type.Array(SoldGiftCard, {
        maxItems: 50,
        description:
          'Gift cards sold in this check, activated when it commits. A card tied to its line is voided by a return of that line; any sold card by a cancel',
      }),
    ),
    payments: Type.Optional(
      Type.Array(Payment, {
        maxItems: 20,
        description: 'When given, must add up to the money due',
      }),
    ),
  },
  { additionalProperties: false, 'x-perk-component': 'CommitPurchaseRequest' },
);
const OfflineCheck = Type.Object(
  {
    ...CommitRequest.properties,
    at: Type.String({ format: 'date-time', description: 'When the check was made' }),
    redeemPoints: Type.Optional({
      ...CalculateRequest.properties.redeemPoints,
      description:
        'Absent or 0: a till offline could not check the balance, so a check spending points is refused (offline_redemption_not_allowed)',
    }),
  },
  { additionalProperties: false, 'x-perk-component': 'OfflineCheck' },
);
const ReturnRequest = Type.Object(
  {
    returnId: Type.String({
      minLength: 1,
      maxLength: 100,
      description: "The till's id of the return: the idempotency key",
    }),
    at: Type.Optional(
      Type.String({ format: 'date-time', description: 'Business time of the return; default now' }),
    ),
    lines: Type.Array(
      Type.Object(
        {
          lineId: Type.String({
            minLength: 1,
            description:
              'The lineId the till sent with the purchase; a line the calculation split in two is still one',
          }),
          quantity: Type.Integer({
            minimum: 1,
            maximum: MAX_QUANTITY_MILLI,
            description:
              'Units coming back (thousandths for weighted goods); at most what is left of the line',
          }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_LINES },
    ),
  },
  { additionalProperties: false, 'x-perk-component': 'ReturnRequest' },
);

// Perk's purchaseId, or the till's transactionId under the calling key (purchase-reference.ts).
const PurchaseRef = Type.Object({
  id: Type.String({
    minLength: 1,
    maxLength: 100,
    description:
      "Perk's purchaseId, or the transactionId this API key committed the purchase with (Perk's id is tried first)",
  }),
});

type Receipt = Static<typeof PurchaseReceiptSchema>;
type ReturnAnswer = Static<typeof ReturnReceiptSchema>;

export const purchaseRoutes: FastifyPluginAsyncTypebox<
  AppDeps & {
    rulesets: RulesetCache;
    stores: StoreCache;
    programme: ProgrammeCache;
    handlers: Handlers;
    limiters: LookupLimiters;
    productFacts: ProductFactsSource;
    customerTurns: KeyedQueue;
  }
> = async (app, deps) => {
  const { db, programme } = deps;
  const handlers = deps.handlers.purchase;
  const now = () => new Date();
  const cartDeps: CommitDeps = {
    db,
    rulesets: deps.rulesets,
    stores: deps.stores,
    programme,
    handlers,
    defaultCountry: deps.config.defaultCountry,
    now,
    futureToleranceMs: deps.config.futureToleranceSeconds * 1000,
    couponLookups: deps.limiters.couponLookups,
    productFacts: deps.productFacts,
    customerTurns: deps.customerTurns,
  };

  app.post(
    '/v1/purchases',
    {
      config: { roles: permissions.purchasesWrite },
      schema: {
        tags: ['purchases'],
        summary:
          'Commit a purchase: prices the cart again, spends and accrues points, in one transaction',
        description:
          'Idempotent per API key and transactionId: the same body answers the same receipt (200), another body is 409.',
        body: CommitRequest,
        response: { 200: PurchaseReceiptSchema, 201: PurchaseReceiptSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { receipt, replayed } = await commitPurchase(cartDeps, request.actor, request.body, {
        now,
      });
      return reply.status(replayed ? 200 : 201).send(receipt as Receipt);
    },
  );
  app.post(
    '/v1/purchases/offline',
    {
      config: { roles: permissions.purchasesWrite },
      schema: {
        tags: ['purchases'],
        summary: 'Upload checks made while the till was offline',
        description:
          'Processed in the order of their own time, each priced by the rules in force then; accrual only. Each check answers on its own.',
        body: Type.Object(
          { checks: Type.Array(OfflineCheck, { minItems: 1, maxItems: 1000 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({
                transactionId: Type.String(),
                status: Type.Enum(['committed', 'already_committed', 'refused']),
                purchaseId: Type.Optional(Type.String()),
                problem: Type.Optional(
                  Type.Object({
                    code: Type.String(),
                    detail: Type.String(),
                    field: Type.Optional(Type.String()),
                  }),
                ),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => ({
      results: await commitOfflineChecks(cartDeps, request.actor, request.body.checks, now),
    }),
  );
  app.get(
    '/v1/purchases/:id',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags: ['purchases'],
        description:
          "The receipt as answered at commit, returns not subtracted (see the returns' own answers).",
        summary: 'A committed purchase',
        params: PurchaseRef,
        response: { 200: PurchaseReceiptSchema, ...problemResponses },
      },
    },
    async (request) => {
      const id = await resolvePurchaseId(db, request.params.id, request.actor.keyId);
      return (await loadPurchase(db, id)).receipt as Receipt;
    },
  );
  app.get(
    '/v1/purchases/:id/trace',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags: ['purchases'],
        description:
          "The calculation the commit priced the check with, every promotion's explanation included, as kept with the purchase.",
        summary:
          'Why this price: the calculation the purchase was committed with, with every explanation',
        params: PurchaseRef,
        response: { 200: Type.Omit(CartCalculationSchema, ['points']), ...problemResponses },
      },
    },
    async (request) => {
      const id = await resolvePurchaseId(db, request.params.id, request.actor.keyId);
      return (await loadPurchaseTrace(db, id)) as unknown as Static<typeof CartCalculationSchema>;
    },
  );
  app.post(
    '/v1/purchases/:id/returns',
    {
      config: { roles: permissions.purchasesWrite },
      schema: {
        tags: ['purchases'],
        description:
          "Name the lines by the till's lineId and the quantity coming back. The refund follows what each unit paid; points accrued on them are taken back, and points spent on them are given back. Idempotent by returnId: the same body answers the same receipt (200); another body is 409. Returning more than was bought and not yet returned is refused.",
        summary: 'Return part of a purchase: refund, points taken back and given back pro rata',
        params: PurchaseRef,
        body: ReturnRequest,
        response: { 200: ReturnReceiptSchema, 201: ReturnReceiptSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const id = await resolvePurchaseId(db, request.params.id, request.actor.keyId);
      const { receipt, replayed } = await returnPurchase(db, id, request.body, {
        kind: 'return',
        now,
        programme,
        handlers,
      });
      return reply.status(replayed ? 200 : 201).send(receipt as ReturnAnswer);
    },
  );
  app.post(
    '/v1/purchases/:id/cancel',
    {
      config: { roles: permissions.purchasesWrite },
      // A cancel needs no body; without one the schema sees an empty object.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags: ['purchases'],
        description:
          'Every line not yet returned comes back, as a return of all of it would; gift cards the check sold are voided. Repeating a cancel answers the same receipt (200).',
        summary: 'Cancel (void) a purchase: everything not yet returned comes back',
        params: PurchaseRef,
        body: Type.Optional(
          Type.Object(
            {
              at: Type.Optional(
                Type.String({ format: 'date-time', description: 'Business time; default now' }),
              ),
            },
            { additionalProperties: false },
          ),
        ),
        response: { 200: ReturnReceiptSchema, 201: ReturnReceiptSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const at = request.body?.at;
      const id = await resolvePurchaseId(db, request.params.id, request.actor.keyId);
      const { receipt, replayed } = await returnPurchase(
        db,
        id,
        { returnId: 'cancel', lines: [], ...(at ? { at } : {}) },
        { kind: 'cancel', now, programme, handlers },
      );
      return reply.status(replayed ? 200 : 201).send(receipt as ReturnAnswer);
    },
  );
  app.get(
    '/v1/customers/:id/purchases',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags: ['purchases'],
        description: "The customer's receipts, newest first; pass nextBefore back as before.",
        summary: "A customer's purchases, newest first",
        params: Type.Object({ id: Uuid }),
        querystring: HistoryPageQuery,
        response: {
          200: historyPage(PurchaseReceiptSchema),
          ...problemResponses,
        },
      },
    },
    async (request) =>
      (await listCustomerPurchases(db, request.params.id, request.query)) as {
        items: Receipt[];
        nextBefore: string | null;
      },
  );
};
