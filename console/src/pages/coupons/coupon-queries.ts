import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import type { components } from '../../api/perk-api';
import { dataOf } from '../../api/problem';

export type CouponSeries = components['schemas']['CouponSeries'];
export type CouponSeriesInput = components['schemas']['CouponSeriesInput'];
export type CouponSeriesSummary = components['schemas']['CouponSeriesSummary'];

export const seriesKey = ['coupon-series'] as const;

export function useCouponSeries(id: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: [...seriesKey, id],
    enabled: id !== null,
    retry: false,
    queryFn: async () =>
      dataOf(await client.GET('/v1/coupon-series/{id}', { params: { path: { id: id ?? '' } } })),
  });
}

/** Every series, by name, with its code count. */
export function useCouponSeriesList() {
  const { client } = useApi();
  return useQuery({
    queryKey: [...seriesKey, 'list'],
    queryFn: async () => dataOf(await client.GET('/v1/coupon-series')).items,
  });
}
