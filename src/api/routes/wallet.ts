import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { issueApplePass, issueGoogleLink } from '../../wallet/wallet-service.ts';
import type { AppDeps } from '../app.ts';
import { problemResponses, Uuid } from '../schemas.ts';

const tags = ['customers'];
const ById = Type.Object({ id: Uuid });
const GoogleWalletLink = Type.Object(
  {
    saveUrl: Type.String({ description: 'https://pay.google.com/gp/v/save/<signed JWT>' }),
    object: Type.Object(
      {
        id: Type.String(),
        classId: Type.String(),
        accountId: Type.String({ description: 'The card number' }),
        loyaltyPoints: Type.Object(
          { balance: Type.Object({ int: Type.Integer({ description: 'Spendable points' }) }) },
          { additionalProperties: true },
        ),
      },
      { additionalProperties: true, description: 'The Google Wallet loyalty object' },
    ),
  },
  { 'x-perk-component': 'GoogleWalletLink' },
);

const refusals =
  '409 wallet_not_configured while the server has no such wallet configured; 404 customer_not_found; 422 customer_has_no_card when the customer has no card identifier for the barcode.';

/** A customer's wallet cards, for the till, the app and the console to hand over. */
export const walletRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, config }) => {
  app.get(
    '/v1/customers/:id/wallet/apple',
    {
      config: { roles: permissions.walletIssue },
      schema: {
        tags,
        summary: "The customer's Apple Wallet card (.pkpass): balance, tier, card number barcode",
        description: `A signed pass (application/vnd.apple.pkpass) that keeps itself up to date: the device registers with Perk's Apple web service and is pushed to when the balance or tier changes. One pass per customer: asking again gives the same serial. ${refusals}`,
        params: ById,
        response: {
          200: {
            description: 'The .pkpass file',
            content: { 'application/vnd.apple.pkpass': { schema: Type.String() } },
          },
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const file = await issueApplePass(db, config.wallet, request.params.id, new Date());
      return reply
        .type('application/vnd.apple.pkpass')
        .header('content-disposition', 'attachment; filename="card.pkpass"')
        .header('cache-control', 'no-store')
        .send(file as unknown as string);
    },
  );
  app.get(
    '/v1/customers/:id/wallet/google',
    {
      config: { roles: permissions.walletIssue },
      schema: {
        tags,
        summary: "The customer's Google Wallet card: its loyalty object and a save link",
        description: `saveUrl is a "save to Google Wallet" link carrying the loyalty object (card number, points, tier) in a JWT signed with the service account's key. ${refusals}`,
        params: ById,
        response: { 200: GoogleWalletLink, ...problemResponses },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return issueGoogleLink(db, config.wallet, request.params.id, new Date());
    },
  );
};
