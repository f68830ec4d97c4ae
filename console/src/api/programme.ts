import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PerkApi } from './client';
import { useApi } from './context';
import type { components, paths } from './perk-api';
import { dataOf, ProblemError } from './problem';

type Schemas = components['schemas'];
type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

export type Segment = Schemas['Segment'];
export type SegmentCondition = Schemas['SegmentCondition'];
export type TierProgram = Schemas['TierProgram'];
export type StoredTierProgram = Schemas['StoredTierProgram'];
export type ProgramSettings = Schemas['ProgramSettings'];
export type SegmentPreview = Json<paths['/v1/segments/preview']['post']['responses']['200']>;

// The conditions of the rule language change only with a new version of Perk.
const reference = { staleTime: 5 * 60_000 };

export const segmentsQuery = ({ client }: PerkApi) =>
  queryOptions({
    queryKey: ['segments'],
    queryFn: async () => dataOf(await client.GET('/v1/segments')).items,
  });

export const useSegments = () => useQuery(segmentsQuery(useApi()));

export function useSegment(id: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['segments', id],
    enabled: id !== null,
    queryFn: async () =>
      dataOf(await client.GET('/v1/segments/{id}', { params: { path: { id: id ?? '' } } })),
  });
}

export function useSegmentConditions() {
  const { client } = useApi();
  return useQuery({
    queryKey: ['segment-conditions'],
    queryFn: async () => dataOf(await client.GET('/v1/segment-conditions')).items,
    ...reference,
  });
}

/** The tier programme with its revision, or null while none is defined. */
export const tierProgramQuery = ({ client }: PerkApi) =>
  queryOptions({
    queryKey: ['tiers'],
    queryFn: async (): Promise<StoredTierProgram | null> => {
      try {
        return dataOf(await client.GET('/v1/tiers'));
      } catch (error) {
        if (error instanceof ProblemError && error.problem.code === 'tiers_not_configured') {
          return null;
        }
        throw error;
      }
    },
  });

export const useTierProgram = () => useQuery(tierProgramQuery(useApi()));

/** The points programme's settings and their revision (the ETag), for a write over them. */
export const pointsSettingsQuery = ({ client }: PerkApi) =>
  queryOptions({
    queryKey: ['points-settings'],
    queryFn: async () => {
      const answer = await client.GET('/v1/points/settings');
      return { settings: dataOf(answer), revision: answer.response.headers.get('etag') ?? '' };
    },
  });

export const usePointsSettings = () => useQuery(pointsSettingsQuery(useApi()));
