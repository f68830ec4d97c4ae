import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PerkApi } from '../../api/client';
import { useApi } from '../../api/context';
import type { components } from '../../api/perk-api';
import { dataOf } from '../../api/problem';
import { pollUntilFinished, pollWhileAnyRuns } from '../../api/runs';

export type BacktestRun = components['schemas']['BacktestRun'];
export type BacktestReport = components['schemas']['BacktestReport'];
export type RunStats = components['schemas']['BacktestRunStats'];

export const backtestsKey = ['backtests'] as const;

/** The latest runs, newest first; asked again while one of them is still running. */
export const backtestsQuery = ({ client }: PerkApi) =>
  queryOptions({
    queryKey: backtestsKey,
    queryFn: async () =>
      dataOf(await client.GET('/v1/watch/backtests', { params: { query: { limit: 20 } } })).items,
    refetchInterval: (query) => pollWhileAnyRuns(query.state.data),
  });

export const useBacktests = () => useQuery(backtestsQuery(useApi()));

/** One run, asked again until it is done or failed. */
export function useBacktest(id: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: [...backtestsKey, id],
    enabled: id !== null,
    queryFn: async () =>
      dataOf(await client.GET('/v1/watch/backtests/{id}', { params: { path: { id: id ?? '' } } })),
    refetchInterval: (query) => pollUntilFinished(query.state.data),
  });
}
