import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PerkApi } from '../../api/client';
import { useApi } from '../../api/context';
import type { components } from '../../api/perk-api';
import { dataOf } from '../../api/problem';
import { pollUntilFinished, pollWhileAnyRuns } from '../../api/runs';
import { json } from './analytics-queries';

export type SimulationRequest = components['schemas']['SimulationRequest'];
export type SimulationModel = components['schemas']['SimulationModel'];
export type SimulationScenario = components['schemas']['SimulationScenario'];
export type SimulationRun = components['schemas']['SimulationRun'];
export type SimulationOutcome = components['schemas']['SimulationOutcome'];

export const simulationsKey = ['analytics', 'simulations'] as const;

/** The latest runs, newest first; asked again while one of them is still running. */
export const simulationsQuery = ({ client }: PerkApi) =>
  queryOptions({
    queryKey: simulationsKey,
    queryFn: async () =>
      dataOf(await client.GET('/v1/analytics/simulations', { params: { query: { limit: 20 } } }))
        .items,
    refetchInterval: (query) => pollWhileAnyRuns(query.state.data),
  });

export const useSimulations = () => useQuery(simulationsQuery(useApi()));

/** One run, asked again until it is done or failed. */
export function useSimulation(id: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: [...simulationsKey, id],
    enabled: id !== null,
    queryFn: async () =>
      json<SimulationRun>(
        await client.GET('/v1/analytics/simulations/{id}', {
          params: { path: { id: id ?? '' }, query: {} },
        }),
      ),
    refetchInterval: (query) => pollUntilFinished(query.state.data),
  });
}
