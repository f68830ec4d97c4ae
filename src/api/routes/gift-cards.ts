import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { getCustomer } from '../../customers/find-customer.ts';
import { MAX_AMOUNT_MINOR } from '../../engine/money/bounds.ts';
import { PerkError } from '../../errors.ts';
import { maskCardNumber, normaliseCardNumber } from '../../gift-cards/card-number.ts';
import {
  listCustomerGiftCards,
  maxCustomerGiftCards,
} from '../../gift-cards/customer-gift-cards.ts';
import { giftCardBalance, giftCardStatement } from '../../gift-cards/gift-card-balance.ts';
import {
  activateGiftCard,
  issueGiftCards,
  MAX_CARDS_PER_CALL,
} from '../../gift-cards/issue-gift-cards.ts';
import { listGiftCardBatches, maxListedBatches } from '../../gift-cards/list-gift-card-batches.ts';
import type { AppDeps } from '../app.ts';
import type { LookupLimiters } from '../lookup-limiters.ts';
import { ProblemSchema, problemResponses, Uuid } from '../schemas.ts';

// Numbers and PINs travel in bodies, never in paths or query strings: the request log records
// URLs, and a card number must not appear there in full.
const CardNumber = Type.String({ pattern: '^[0-9 -]{16,24}$' });
const Pin = Type.String({ pattern: '^[0-9]{6}$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);
const CardView = Type.Object(
  {
    maskedNumber: Type.String(),
    status: Type.Enum(['issued', 'active', 'voided']),
    nominalMinor: Type.Integer(),
    balanceMinor: Type.Integer(),
    expiresAt: Nullable(Type.String()),
    expired: Type.Boolean(),
  },
  { 'x-perk-component': 'GiftCard' },
);
const CustomerCard = Type.Object(
  {
    ...CardView.properties,
    bought: Nullable(
      Type.Object({
        purchaseId: Type.String(),
        transactionId: Type.String(),
        at: Type.String({ format: 'date-time', description: 'Business time of the sale' }),
      }),
    ),
    spentMinor: Type.Integer({
      description: "Charged minus refunded in the customer's purchases, kopecks",
    }),
    lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { 'x-perk-component': 'CustomerGiftCard' },
);
const Entry = Type.Object(
  {
    kind: Type.Enum(['issue', 'activation', 'charge', 'refund', 'void', 'expire']),
    amountMinor: Type.Integer(),
    balanceAfterMinor: Type.Integer(),
    purchaseId: Nullable(Type.String()),
    effectiveAt: Type.String(),
  },
  { 'x-perk-component': 'GiftCardEntry' },
);

const IssuedBatch = Type.Object({
  batchId: Type.String(),
  cards: Type.Array(
    Type.Object({
      number: Type.String(),
      pin: Type.String(),
      nominalMinor: Type.Integer(),
      status: Type.Enum(['issued', 'active'], { description: 'As issued, not as now' }),
      expiresAt: Nullable(Type.String()),
    }),
  ),
});

const BatchSummary = Type.Object(
  {
    batchId: Type.String(),
    issuedAt: Type.String({ format: 'date-time' }),
    cardCount: Type.Integer({ minimum: 1 }),
    nominalMinor: Type.Integer({ description: 'Each card as issued, in kopecks' }),
    expiresAt: Nullable(Type.String({ format: 'date-time' })),
    issued: Type.Integer({ minimum: 0, description: 'Cards not yet sold or activated' }),
    active: Type.Integer({ minimum: 0 }),
    voided: Type.Integer({ minimum: 0 }),
    expired: Type.Integer({ minimum: 0, description: 'Cards not voided past their expiry' }),
    balanceMinor: Type.Integer({ description: "What the batch's cards still carry, in kopecks" }),
  },
  { 'x-perk-component': 'GiftCardBatch' },
);

/** The caller's plain API key; the auth hook has checked the header already. */
function bearerKey(request: FastifyRequest): string {
  return (request.headers.authorization ?? '').slice('Bearer '.length).trim();
}

/**
 * Gift cards: issue and activate (admin), list the batches, balance with PIN (tills, site),
 * statement (admin).
 */
export const giftCardRoutes: FastifyPluginAsyncTypebox<
  AppDeps & { limiters: LookupLimiters }
> = async (app, { db, limiters }) => {
  app.post(
    '/v1/gift-cards',
    {
      config: { roles: permissions.giftCardsWrite },
      schema: {
        tags: ['gift-cards'],
        summary:
          'Issue gift cards, idempotent by batchId; the only answer with full numbers and PINs',
        description:
          'batchId is required. Idempotent per API key and batchId: the same body again answers the same cards with the same PINs (200) and issues nothing; another body is 409 batch_conflict, with `field` (and `errors`) at every field that differs. Of simultaneous requests with one batchId, one issues the batch and the others answer it. A repeat must come with the same API key: the PINs kept for it are sealed with that key.',
        body: Type.Object(
          {
            batchId: Type.String({
              minLength: 1,
              maxLength: 100,
              pattern: '^[A-Za-z0-9._:-]+$',
              description: "The caller's id of this batch of cards: the idempotency key",
            }),
            count: Type.Integer({ minimum: 1, maximum: MAX_CARDS_PER_CALL }),
            nominalMinor: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT_MINOR }),
            expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
            activate: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: IssuedBatch, 201: IssuedBatch, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { result, replayed } = await issueGiftCards(db, request.actor, request.body, {
        now: new Date(),
        apiKey: bearerKey(request),
      });
      return reply
        .status(replayed ? 200 : 201)
        .send({ batchId: request.body.batchId, cards: result });
    },
  );
  app.get(
    '/v1/gift-cards/batches',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['gift-cards'],
        summary: 'Issued batches, newest first, with their cards counted by status',
        description: `At most ${maxListedBatches} batches; no card numbers. A batch id is the issuing API key's own, so two keys' batches with one id are listed apart.`,
        response: {
          200: Type.Object({ items: Type.Array(BatchSummary) }),
          ...problemResponses,
        },
      },
    },
    async () => ({ items: await listGiftCardBatches(db, new Date()) }),
  );
  app.post(
    '/v1/gift-cards/activate',
    {
      config: { roles: permissions.giftCardsWrite },
      schema: {
        tags: ['gift-cards'],
        description:
          'A card sold in a check is activated by the purchase itself (giftCardsSold); this is for cards given away. 409 gift_card_already_active for an active card.',
        summary: 'Activate an issued card without a sale (e.g. a gift from the retailer)',
        body: Type.Object({ number: CardNumber }, { additionalProperties: false }),
        response: { 200: CardView, ...problemResponses },
      },
    },
    async (request) => {
      const now = new Date();
      const number = normaliseCardNumber(request.body.number);
      const result = await db
        .transaction()
        .execute((trx) => activateGiftCard(trx, { number, purchaseId: null, now }));
      if (!result.ok && result.reason === 'already_active') {
        throw new PerkError('conflict', 'gift_card_already_active', 'The card is active already');
      }
      return (await giftCardStatement(db, number, now)).card;
    },
  );
  app.post(
    '/v1/gift-cards/balance',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['gift-cards'],
        description:
          'A wrong number and a wrong PIN answer alike (403 wrong_number_or_pin). After repeated failures from one key, lookups are refused for a while (429).',
        summary: 'The balance of a card, given its number and PIN',
        body: Type.Object({ number: CardNumber, pin: Pin }, { additionalProperties: false }),
        response: { 200: CardView, ...problemResponses, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      const result = await giftCardBalance(
        db,
        { ...request.body, apiKeyId: request.actor.keyId, now: new Date() },
        limiters.giftCardPins,
      );
      if (result.ok) return result.card;
      if (result.reason === 'too_many_attempts') {
        reply.header('retry-after', String(result.retryAfterSeconds));
        throw new PerkError('rate_limited', 'too_many_failed_lookups', 'Too many wrong attempts', {
          details: { retryAfterSeconds: result.retryAfterSeconds },
        });
      }
      // Unknown number and wrong PIN answer alike, so the answer does not confirm a number exists.
      throw new PerkError(
        'forbidden',
        'wrong_number_or_pin',
        `No card ${maskCardNumber(normaliseCardNumber(request.body.number))} with this PIN`,
        { field: '/pin' },
      );
    },
  );
  app.post(
    '/v1/gift-cards/statement',
    {
      config: { roles: permissions.giftCardStatement },
      schema: {
        tags: ['gift-cards'],
        description:
          'Every movement of the card (issue, activation, charges, refunds, void, expiry) with the balance after it. The number travels in the body so it never lands in a URL log.',
        summary: 'A card with its whole ledger',
        body: Type.Object({ number: CardNumber }, { additionalProperties: false }),
        response: {
          200: Type.Object({ card: CardView, entries: Type.Array(Entry) }),
          ...problemResponses,
        },
      },
    },
    async (request) => giftCardStatement(db, request.body.number, new Date()),
  );
  app.get(
    '/v1/customers/:id/gift-cards',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags: ['gift-cards'],
        description: `Cards carry no owner: these are the cards sold in the customer's purchases and the cards their purchases were paid with, newest first (at most ${maxCustomerGiftCards}), numbers masked, with the balance now and what the customer spent from each. A merged-away id answers for the survivor.`,
        summary: 'Gift cards a customer bought or paid with',
        params: Type.Object({ id: Uuid }),
        response: {
          200: Type.Object({ items: Type.Array(CustomerCard) }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { customer } = await getCustomer(db, request.params.id);
      return { items: await listCustomerGiftCards(db, customer.id, new Date()) };
    },
  );
};
