import { keepPreviousData, useQuery } from '@tanstack/react-query';
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

/**
 * The JSON of an answer whose 200 also documents its CSV (`format=csv`): the console never asks
 * for that here, so the text branch of the type is not a case to handle.
 */
export function json<T>(answer: { data?: unknown; error?: unknown; response: Response }): T {
  return dataOf(answer) as T;
}

// A new period keeps the last figures on screen until the new ones arrive.
const figures = { placeholderData: keepPreviousData, staleTime: 60_000 } as const;

export function useOverview(filter: AnalyticsFilter) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['analytics', 'overview', filter],
    queryFn: async () =>
      json<Overview>(await client.GET('/v1/analytics/overview', { params: { query: filter } })),
    ...figures,
  });
}

export function useRepeatPurchases(filter: AnalyticsFilter, minCheckMinor: number) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['analytics', 'repeat', filter, minCheckMinor],
    queryFn: async () =>
      json<RepeatPurchases>(
        await client.GET('/v1/analytics/repeat-purchases', {
          params: { query: { ...filter, minCheckMinor, maxPurchases: 5 } },
        }),
      ),
    ...figures,
  });
}

export function useCohorts(filter: AnalyticsFilter) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['analytics', 'cohorts', filter],
    queryFn: async () =>
      json<Cohorts>(await client.GET('/v1/analytics/cohorts', { params: { query: filter } })),
    ...figures,
  });
}

export function useEconomics(filter: AnalyticsFilter) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['analytics', 'economics', filter],
    queryFn: async () =>
      json<Economics>(await client.GET('/v1/analytics/economics', { params: { query: filter } })),
    ...figures,
  });
}

/** Revenue for the next 12 months from all history before this month, in a channel or store. */
export function useForecast(scope: { channel?: 'offline' | 'online'; storeId?: string }) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['analytics', 'forecast', scope],
    queryFn: async () =>
      json<RevenueForecast>(
        await client.GET('/v1/analytics/forecast', { params: { query: scope } }),
      ),
    ...figures,
  });
}

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
export function useRfm(at: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['analytics', 'rfm', at],
    queryFn: async () =>
      json<RfmDistribution>(
        await client.GET('/v1/analytics/rfm', { params: { query: { at, churnFactor: 2 } } }),
      ),
    ...figures,
  });
}

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
