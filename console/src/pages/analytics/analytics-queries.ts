import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import type { PerkApi } from '../../api/client';
import { useApi } from '../../api/context';
import type { components } from '../../api/perk-api';
import { dataOf } from '../../api/problem';
import type { Language } from '../../i18n';

export type Overview = components['schemas']['Overview'];
export type OverviewMetrics = components['schemas']['OverviewMetrics'];
export type RepeatPurchases = components['schemas']['RepeatPurchases'];
export type Cohorts = components['schemas']['Cohorts'];
export type Economics = components['schemas']['Economics'];
export type RfmDistribution = components['schemas']['RfmDistribution'];
export type RevenueForecast = components['schemas']['RevenueForecast'];
export type Uplift = components['schemas']['Uplift'];

/** The checks every block reads: a period of instants, and a channel or store when chosen. */
export interface AnalyticsFilter {
  from: string;
  to: string;
  channel?: 'offline' | 'online';
  storeId?: string;
}

/** The forecast's scope: a channel or a store, else the whole programme. */
export type ForecastScope = Pick<AnalyticsFilter, 'channel' | 'storeId'>;

/** The period the page opens with: the last twelve months to today, whole days in the browser's zone. */
export const defaultRange = (): [Dayjs, Dayjs] => [
  dayjs().subtract(11, 'month').startOf('month'),
  dayjs().startOf('day'),
];

/** The checks of the days from `range[0]` to `range[1]`, both whole, in a channel or store. */
export function filterOf(
  range: [Dayjs, Dayjs],
  channel?: 'offline' | 'online',
  storeId?: string,
): AnalyticsFilter {
  return {
    from: range[0].startOf('day').toISOString(),
    to: range[1].startOf('day').add(1, 'day').toISOString(),
    ...(channel ? { channel } : {}),
    ...(storeId ? { storeId } : {}),
  };
}

/** The forecast's scope of a filter: its channel and store, not its period. */
export const forecastScopeOf = ({ channel, storeId }: AnalyticsFilter): ForecastScope => ({
  ...(channel ? { channel } : {}),
  ...(storeId ? { storeId } : {}),
});

/** The RFM day of a period: its last. */
export const rfmDayOf = (range: [Dayjs, Dayjs]) => range[1].format('YYYY-MM-DD');

/**
 * The JSON of an answer whose 200 also documents its CSV (`format=csv`): the console never asks
 * for that here, so the text branch of the type is not a case to handle.
 */
export function json<T>(answer: { data?: unknown; error?: unknown; response: Response }): T {
  return dataOf(answer) as T;
}

// A new period keeps the last figures on screen until the new ones arrive.
const figures = { placeholderData: keepPreviousData, staleTime: 60_000 } as const;

export const overviewQuery = ({ client }: PerkApi, filter: AnalyticsFilter) =>
  queryOptions({
    queryKey: ['analytics', 'overview', filter],
    queryFn: async () =>
      json<Overview>(await client.GET('/v1/analytics/overview', { params: { query: filter } })),
    ...figures,
  });

export const useOverview = (filter: AnalyticsFilter) => useQuery(overviewQuery(useApi(), filter));

export const repeatPurchasesQuery = (
  { client }: PerkApi,
  filter: AnalyticsFilter,
  minCheckMinor: number,
) =>
  queryOptions({
    queryKey: ['analytics', 'repeat', filter, minCheckMinor],
    queryFn: async () =>
      json<RepeatPurchases>(
        await client.GET('/v1/analytics/repeat-purchases', {
          params: { query: { ...filter, minCheckMinor, maxPurchases: 5 } },
        }),
      ),
    ...figures,
  });

export const useRepeatPurchases = (filter: AnalyticsFilter, minCheckMinor: number) =>
  useQuery(repeatPurchasesQuery(useApi(), filter, minCheckMinor));

export const cohortsQuery = ({ client }: PerkApi, filter: AnalyticsFilter) =>
  queryOptions({
    queryKey: ['analytics', 'cohorts', filter],
    queryFn: async () =>
      json<Cohorts>(await client.GET('/v1/analytics/cohorts', { params: { query: filter } })),
    ...figures,
  });

export const useCohorts = (filter: AnalyticsFilter) => useQuery(cohortsQuery(useApi(), filter));

export const economicsQuery = ({ client }: PerkApi, filter: AnalyticsFilter) =>
  queryOptions({
    queryKey: ['analytics', 'economics', filter],
    queryFn: async () =>
      json<Economics>(await client.GET('/v1/analytics/economics', { params: { query: filter } })),
    ...figures,
  });

export const useEconomics = (filter: AnalyticsFilter) => useQuery(economicsQuery(useApi(), filter));

/** Revenue for the next 12 months from all history before this month, in a channel or store. */
export const forecastQuery = ({ client }: PerkApi, scope: ForecastScope) =>
  queryOptions({
    queryKey: ['analytics', 'forecast', scope],
    queryFn: async () =>
      json<RevenueForecast>(
        await client.GET('/v1/analytics/forecast', { params: { query: scope } }),
      ),
    ...figures,
  });

export const useForecast = (scope: ForecastScope) => useQuery(forecastQuery(useApi(), scope));

/** A promotion's treated customers against its control group over the period; none chosen: idle. */
export function useUplift(filter: AnalyticsFilter, promotionId: string | undefined) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['analytics', 'uplift', filter.from, filter.to, promotionId],
    enabled: promotionId !== undefined,
    queryFn: async () =>
      json<Uplift>(
        await client.GET('/v1/analytics/uplift', {
          params: { query: { promotionId: promotionId ?? '', from: filter.from, to: filter.to } },
        }),
      ),
    ...figures,
  });
}

/** The RFM distribution on a programme day (`YYYY-MM-DD`). */
export const rfmQuery = ({ client }: PerkApi, at: string) =>
  queryOptions({
    queryKey: ['analytics', 'rfm', at],
    queryFn: async () =>
      json<RfmDistribution>(
        await client.GET('/v1/analytics/rfm', { params: { query: { at, churnFactor: 2 } } }),
      ),
    ...figures,
  });

export const useRfm = (at: string) => useQuery(rfmQuery(useApi(), at));

/**
 * The address of a block's CSV: the same query with `format=csv`; semicolons for Russian, as
 * Excel in a Russian locale splits on them.
 */
export function csvHref(
  path: string,
  query: Record<string, string | number | undefined>,
  language: Language,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  params.set('format', 'csv');
  params.set('delimiter', language === 'ru' ? ';' : ',');
  return `/v1/analytics/${path}?${params}`;
}

/** What the page asks for as it opens (the promotions list is the uplift block's choice). */
export function analyticsOpening(api: PerkApi) {
  const range = defaultRange();
  const filter = filterOf(range);
  return [
    overviewQuery(api, filter),
    repeatPurchasesQuery(api, filter, 0),
    cohortsQuery(api, filter),
    economicsQuery(api, filter),
    rfmQuery(api, rfmDayOf(range)),
    forecastQuery(api, forecastScopeOf(filter)),
  ];
}
