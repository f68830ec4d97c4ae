import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PerkError } from '../../errors.ts';
import {
  authenticPass,
  registerDevice,
  unregisterDevice,
  updatedSerials,
} from '../../wallet/apple-passes.ts';
import { applePassFile, appleReady, appleServicePrefix } from '../../wallet/wallet-service.ts';
import type { AppDeps } from '../app.ts';

const DeviceId = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._-]+$' });
const PassTypeId = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '^pass\\.[A-Za-z0-9.-]+$',
});
const Serial = Type.String({ format: 'uuid' });
const Registration = Type.Object({
  deviceLibraryIdentifier: DeviceId,
  passTypeIdentifier: PassTypeId,
  serialNumber: Serial,
});
// Apple's protocol, not Perk's API: kept out of the API reference.
const hidden = { hide: true, security: [] };

const unauthorized = () =>
  new PerkError('unauthorized', 'pass_unauthorized', 'Unknown pass or wrong ApplePass token');

/**
 * Apple's "Wallet Web Service Reference" under `/wallet/apple` (the passes' `webServiceURL`): a
 * device registers a pass it holds and its push token, asks which passes changed since a tag,
 * fetches the latest pass, and sends its error log. Calls about one pass carry
 * `Authorization: ApplePass <the pass's token>`; a wrong token and an unknown pass both answer 401.
 */
export const appleWalletServiceRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (
  app,
  { db, config },
) => {
  const passOf = async (
    params: { passTypeIdentifier: string; serialNumber: string },
    authorization: string | undefined,
  ) => {
    const wallet = appleReady(config.wallet);
    const pass =
      params.passTypeIdentifier === wallet.apple.passTypeId
        ? await authenticPass(db, params.passTypeIdentifier, params.serialNumber, authorization)
        : null;
    if (!pass) throw unauthorized();
    return { wallet, pass };
  };
  const registrationPath = `${appleServicePrefix}/v1/devices/:deviceLibraryIdentifier/registrations/:passTypeIdentifier/:serialNumber`;
  app.post(
    registrationPath,
    {
      schema: {
        ...hidden,
        params: Registration,
        body: Type.Object({
          pushToken: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9]+$' }),
        }),
      },
    },
    async (request, reply) => {
      await passOf(request.params, request.headers.authorization);
      const outcome = await registerDevice(
        db,
        {
          deviceId: request.params.deviceLibraryIdentifier,
          passTypeId: request.params.passTypeIdentifier,
          serial: request.params.serialNumber,
          pushToken: request.body.pushToken,
        },
        new Date(),
      );
      return reply.status(outcome === 'created' ? 201 : 200).send();
    },
  );
  app.delete(
    registrationPath,
    { schema: { ...hidden, params: Registration } },
    async (request, reply) => {
      await passOf(request.params, request.headers.authorization);
      await unregisterDevice(db, {
        deviceId: request.params.deviceLibraryIdentifier,
        passTypeId: request.params.passTypeIdentifier,
        serial: request.params.serialNumber,
      });
      return reply.status(200).send();
    },
  );
  app.get(
    `${appleServicePrefix}/v1/devices/:deviceLibraryIdentifier/registrations/:passTypeIdentifier`,
    {
      schema: {
        ...hidden,
        params: Type.Object({ deviceLibraryIdentifier: DeviceId, passTypeIdentifier: PassTypeId }),
        querystring: Type.Object({
          passesUpdatedSince: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
        }),
      },
    },
    async (request, reply) => {
      appleReady(config.wallet);
      const since = request.query.passesUpdatedSince;
      const updated = await updatedSerials(
        db,
        request.params.deviceLibraryIdentifier,
        request.params.passTypeIdentifier,
        since === undefined ? undefined : Number(since),
      );
      if (!updated) return reply.status(204).send();
      return updated;
    },
  );
  app.get(
    `${appleServicePrefix}/v1/passes/:passTypeIdentifier/:serialNumber`,
    {
      schema: {
        ...hidden,
        params: Type.Object({ passTypeIdentifier: PassTypeId, serialNumber: Serial }),
      },
    },
    async (request, reply) => {
      const { wallet, pass } = await passOf(request.params, request.headers.authorization);
      // Whole seconds, as HTTP dates are, and a second apart at least between changes.
      const modifiedSecond = pass.updatedAt.getTime();
      const since = Date.parse(request.headers['if-modified-since'] ?? '');
      reply.header('last-modified', new Date(modifiedSecond).toUTCString());
      reply.header('cache-control', 'no-cache');
      if (!Number.isNaN(since) && since >= modifiedSecond) return reply.status(304).send();
      const file = await applePassFile(db, wallet, pass, new Date());
      return reply.type('application/vnd.apple.pkpass').send(file as unknown as string);
    },
  );
  app.post(
    `${appleServicePrefix}/v1/log`,
    {
      schema: {
        ...hidden,
        body: Type.Object({
          logs: Type.Array(Type.String({ maxLength: 2_000 }), { maxItems: 100 }),
        }),
      },
    },
    async (request, reply) => {
      // Devices report what went wrong with the web service; the lines name URLs and serials.
      for (const line of request.body.logs)
        request.log.warn({ walletLog: line }, 'Apple Wallet device log');
      return reply.status(200).send();
    },
  );
};
