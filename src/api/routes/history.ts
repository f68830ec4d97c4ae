import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import {
  MAX_AMOUNT_MINOR,
  MAX_QUANTITY_MILLI,
  MAX_UNIT_PRICE_MINOR,
} from '../../engine/money/bounds.ts';
import { defaultOutlierThresholds } from '../../history/history-checks.ts';
import { importHistoryChecks, maxHistoryLinesPerCall } from '../../history/import-history.ts';
import type { AppDeps } from '../app.ts';
import { problemResponses } from '../schemas.ts';

const Kopecks = Type.Integer({ minimum: 0, maximum: MAX_AMOUNT_MINOR });

const HistoryCustomer = Type.Object(
  {
    id: Type.Optional(Type.String({ format: 'uuid' })),
    card: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    phone: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    email: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
    external: Type.Optional(
      Type.Object(
        {
          system: Type.String({ minLength: 1, maxLength: 64 }),
          id: Type.String({ minLength: 1, maxLength: 200 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  {
    additionalProperties: false,
    description: 'Exactly one of id, card, phone, email, external; the customer must exist',
    'x-perk-component': 'HistoryCustomer',
  },
);

const HistoryLine = Type.Object(
  {
    checkId: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'The check’s id in the exporting system',
    }),
    at: Type.String({
      minLength: 1,
      maxLength: 40,
      description:
        'When the check was paid: with an offset (2024-03-01T14:05:00+03:00), or local time of the store (2024-03-01 14:05, 01.03.2024 14:05)',
    }),
    storeId: Type.String({ minLength: 1, maxLength: 100 }),
    channel: Type.Optional(
      Type.Union([Type.Literal('online'), Type.Literal('offline')], {
        description: 'Absent: told by the store (pos sells offline; web and app online)',
      }),
    ),
    customer: Type.Optional(HistoryCustomer),
    sku: Type.String({ minLength: 1, maxLength: 100 }),
    quantityMilli: Type.Integer({
      minimum: 1,
      maximum: MAX_QUANTITY_MILLI,
      description: 'Thousandths of a unit: one piece is 1000, 2.474 kg is 2474',
    }),
    priceMinor: Type.Integer({
      minimum: 0,
      maximum: MAX_UNIT_PRICE_MINOR,
      description: 'Price of one unit before the discount, kopecks',
    }),
    discountMinor: Type.Optional({ ...Kopecks, description: 'Discount on the line, kopecks' }),
    paidMinor: { ...Kopecks, description: 'Money paid for the line, kopecks' },
  },
  { additionalProperties: false, 'x-perk-component': 'HistoryLine' },
);

const OutlierCheck = Type.Object(
  {
    checkId: Type.String(),
    line: Type.Integer({ description: 'Index of the check’s first line in `lines`' }),
    paidMinor: Type.Integer(),
    quantityMilli: Type.Integer(),
    reasons: Type.Array(Type.Union([Type.Literal('paid'), Type.Literal('quantity')])),
  },
  { 'x-perk-component': 'HistoryOutlierCheck' },
);

const HistoryImportSummary = Type.Object(
  {
    lines: Type.Integer(),
    checks: Type.Integer(),
    created: Type.Integer(),
    alreadyStored: Type.Integer({ description: 'Checks stored before with the same content' }),
    outliers: Type.Array(OutlierCheck, {
      description:
        'Checks created now that are above a threshold: stored, left out of segments and tiers',
    }),
    accruedChecks: Type.Integer({
      description:
        'With accrue: checks that accrued points now (created now or stored before without points)',
    }),
    accruedPoints: Type.Integer({ description: 'Points those checks accrued' }),
    expiredPoints: Type.Integer({
      description: 'Of accruedPoints, those whose validity had already ended: expired at once',
    }),
  },
  { 'x-perk-component': 'HistoryImportSummary' },
);

const Thresholds = Type.Object(
  {
    paidMinor: Type.Optional({
      ...Kopecks,
      description: `A check paid above this many kopecks is an outlier (default ${defaultOutlierThresholds.paidMinor})`,
    }),
    quantityMilli: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: Number.MAX_SAFE_INTEGER,
        description: `A check above this many thousandths of units is an outlier (default ${defaultOutlierThresholds.quantityMilli})`,
      }),
    ),
  },
  { additionalProperties: false, 'x-perk-component': 'HistoryOutlierThresholds' },
);

export const historyRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, config }) => {
  app.post(
    '/v1/history/checks',
    {
      config: { roles: permissions.historyImport },
      schema: {
        tags: ['history'],
        summary: 'Import past checks of another system, line by line',
        description:
          'All or nothing; every line of a check in the same call. A check id stored with the same content counts as already stored (a re-run changes nothing); with other content it is 409 check_conflict. Unknown stores and customers are refused with every fault at /lines/<index>/<field>. Checks above the outlier thresholds are stored flagged, reported, and left out of segments and tier metrics. Points are accrued only with accrue.',
        body: Type.Object(
          {
            lines: Type.Array(HistoryLine, { minItems: 1, maxItems: maxHistoryLinesPerCall }),
            outliers: Type.Optional(Thresholds),
            accrue: Type.Optional(
              Type.Boolean({
                default: false,
                description:
                  'Accrue the points the programme gives today for each check of a customer that is no outlier and has not accrued yet: the tier rate on the money paid (no promotion priced again), dated at the check’s time (validity already over: expired at once). A check accrues once.',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: HistoryImportSummary, ...problemResponses },
      },
    },
    async (request) =>
      importHistoryChecks(db, request.actor, request.body.lines, {
        outliers: { ...defaultOutlierThresholds, ...request.body.outliers },
        accrue: request.body.accrue ?? false,
        defaultCountry: config.defaultCountry,
        now: new Date(),
      }),
  );
};
