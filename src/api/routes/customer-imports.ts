import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { importCustomers } from '../../customer-import/import-customers.ts';
import {
  CustomerImportReportSchema,
  CustomerImportSchema,
} from '../../customer-import/import-schemas.ts';
import type { AppDeps } from '../app.ts';
import { problemResponses } from '../schemas.ts';

export const customerImportRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (
  app,
  { db, config },
) => {
  app.post(
    '/v1/imports/customers',
    {
      config: { roles: permissions.historyImport },
      schema: {
        tags: ['history'],
        summary: 'Import the customers of another processing, with balances and tiers',
        description:
          'Switching over: each row is a customer of the old system with its id there (kept as an external identifier under `system`), identifiers, profile, opening balance as lots with their own expiry (entries of kind opening_balance) and current tier (held from the import for at least one period; no welcome bonus). With dryRun=true every conflict is listed and nothing is written. Otherwise all or nothing: any conflict refuses the call with 422 import_refused and every fault at /rows/<index>/<field>. A row imported before with the same content counts as already there (a re-run changes nothing); with other content it is the conflict import_changed, never an overwrite.',
        querystring: Type.Object(
          {
            dryRun: Type.Optional(
              Type.Boolean({ default: false, description: 'Report conflicts; write nothing' }),
            ),
          },
          { additionalProperties: false },
        ),
        body: CustomerImportSchema,
        response: { 200: CustomerImportReportSchema, ...problemResponses },
      },
    },
    async (request) =>
      importCustomers(
        db,
        request.actor,
        { ...request.body, dryRun: request.query.dryRun ?? false },
        { defaultCountry: config.defaultCountry, now: new Date() },
      ),
  );
};
