import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import type { components } from '../../api/perk-api';
import { dataOf } from '../../api/problem';
import { json } from './analytics-queries';

export type SimulationRequest = components['schemas']['SimulationRequest'];
export type SimulationModel = components['schemas']['SimulationModel'];
export type SimulationScenario = components['schemas']['SimulationScenario'];
export type SimulationRun = components['schemas']['SimulationRun'];
export type SimulationOutcome = components['schemas']['SimulationOutcome'];

export const simulationsKey = ['analytics', 'simulations'] as const;

// A run in the queue or under way is asked again this often, for its progress.
const pollMs = 1_000;

export function isFinished(run: SimulationRun): boolean {
  return run.status === 'done' || run.status === 'failed';
}

/** The latest runs, newest first; asked again while one of them is still running. */
export function useSimulations() {
  const { client } = useApi();
  return useQuery({
    queryKey: simulationsKey,
    queryFn: async () =>
      dataOf(await client.GET('/v1/analytics/simulations', { params: { query: { limit: 20 } } }))
        .items,
    refetchInterval: (query) => (query.state.data?.every(isFinished) === false ? pollMs : false),
  });
}

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
    refetchInterval: (query) => (query.state.data && isFinished(query.state.data) ? false : pollMs),
  });
}
