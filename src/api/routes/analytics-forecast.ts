import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { forecastTable } from '../../analytics/analytics-tables.ts';
import { revenueForecast } from '../../analytics/revenue-forecast.ts';
import { getProgramSettings } from '../../points/program-settings-store.ts';
import type { AppDeps } from '../app.ts';
import { Id, problemResponses } from '../schemas.ts';
import { CsvChoice, jsonOrCsv, send } from './analytics-answer.ts';

const Month = Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM' });
const Minor = Type.Integer({ minimum: 0, description: 'Kopecks' });

const RevenueForecast = Type.Object(
  {
    timeZone: Type.String({ description: 'The programme’s zone, which months are counted in' }),
    method: Type.Union(
      [Type.Literal('holt-winters-additive'), Type.Literal('holt-linear'), Type.Null()],
      { description: 'null: fewer than 4 whole months of history' },
    ),
    smoothing: Type.Union([
      Type.Object({
        alpha: Type.Number({ description: 'Level' }),
        beta: Type.Number({ description: 'Trend' }),
        gamma: Type.Union([Type.Number(), Type.Null()], { description: 'Season' }),
      }),
      Type.Null(),
    ]),
    history: Type.Array(Type.Object({ month: Month, revenueMinor: Minor })),
    backtest: Type.Union([
      Type.Object({
        months: Type.Array(Type.Object({ month: Month, actualMinor: Minor, forecastMinor: Minor })),
        mapeBp: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
          description: 'Mean absolute percentage error, basis points (1 240 = 12.4%)',
        }),
      }),
      Type.Null(),
    ]),
    forecast: Type.Array(
      Type.Object({ month: Month, revenueMinor: Minor, lowMinor: Minor, highMinor: Minor }),
    ),
  },
  { 'x-perk-component': 'RevenueForecast' },
);

export const analyticsForecastRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.get(
    '/v1/analytics/forecast',
    {
      config: { roles: permissions.analytics },
      schema: {
        tags: ['analytics'],
        summary: 'Monthly revenue for the next 12 months without a programme, with its error',
        description:
          'From the whole months of history before `at` (now by default): Holt–Winters with ' +
          'additive trend and yearly season from 24 months on, Holt’s linear trend from 4; ' +
          'smoothing chosen by the least squared one-step error. The same method fitted without ' +
          'the last 3 months is compared with them (backtest, MAPE). The band is ±1.96 one-step ' +
          'RMSE × √(months ahead). Revenue as in the overview; `channel` and `storeId` narrow it. ' +
          'docs/analytics.md gives the method.',
        querystring: Type.Object(
          {
            at: Type.Optional(Type.String({ format: 'date-time' })),
            channel: Type.Optional(Type.Enum(['offline', 'online'])),
            storeId: Type.Optional(Id),
            ...CsvChoice,
          },
          { additionalProperties: false },
        ),
        response: { 200: jsonOrCsv(RevenueForecast), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { at, channel, storeId } = request.query;
      const answer = await revenueForecast(
        db,
        { channel, storeId, at: at ? new Date(at) : new Date() },
        (await getProgramSettings(db)).timeZone,
      );
      return send(request, reply, 'forecast', answer, forecastTable);
    },
  );
};
