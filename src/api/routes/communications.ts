import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { recordCommunications } from '../../communications/record-communications.ts';
import type { AppDeps } from '../app.ts';
import { problemResponses } from '../schemas.ts';
import { CustomerReference } from './carts.ts';

const Code = Type.String({ minLength: 1, maxLength: 100, pattern: '^\\S(.*\\S)?$' });

const CommunicationEvent = Type.Object(
  {
    id: { ...Code, description: 'The sender’s id of the event; a report sent again is skipped' },
    customer: CustomerReference,
    event: Type.Union(
      [
        Type.Literal('sent'),
        Type.Literal('delivered'),
        Type.Literal('opened'),
        Type.Literal('clicked'),
        Type.Literal('unsubscribed'),
      ],
      { description: 'What happened to the message' },
    ),
    channel: { ...Code, description: 'email, sms, push, viber… as the sender names it' },
    campaign: Type.Optional({ ...Code, description: 'The mailing, as the sender names it' }),
    at: Type.String({ format: 'date-time', description: 'When it happened' }),
  },
  { additionalProperties: false, 'x-perk-component': 'CommunicationEvent' },
);

export const communicationRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (
  app,
  { db, config },
) => {
  app.post(
    '/v1/communications/events',
    {
      config: { roles: permissions.communicationsReport },
      schema: {
        tags: ['customers'],
        summary: 'Report what happened to messages sent to customers',
        description:
          'A mailing system reports message events (sent, delivered, opened, clicked, ' +
          'unsubscribed) per customer, up to 1 000 a call, all or nothing: every customer must ' +
          'exist (by id or one identifier) or the call is refused with every event at fault. ' +
          'Kept as history for segments (`communication` conditions: "opened our offers in 90 ' +
          'days"); the rule segments of the customers named are re-evaluated at once. An event ' +
          'id reported again with the same content is skipped (`alreadyThere`); with other ' +
          'content it is 409 `event_conflict`.',
        body: Type.Object(
          { events: Type.Array(CommunicationEvent, { minItems: 1, maxItems: 1000 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            recorded: Type.Integer({ minimum: 0 }),
            alreadyThere: Type.Integer({ minimum: 0 }),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) =>
      recordCommunications(db, request.body.events, new Date(), {
        defaultCountry: config.defaultCountry,
        futureToleranceSeconds: config.futureToleranceSeconds,
      }),
  );
};
