import { useInfiniteQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import type { components, paths } from '../../api/perk-api';
import { dataOf } from '../../api/problem';

export type LoggedCall = components['schemas']['LoggedCall'];
export type IntegrationLogFilter = Omit<
  NonNullable<paths['/v1/integration-log']['get']['parameters']['query']>,
  'cursor' | 'limit'
>;

/** Calls made with API keys matching `filter`, latest first, a page of 30 at a time. */
export function useIntegrationLog(filter: IntegrationLogFilter) {
  const { client } = useApi();
  return useInfiniteQuery({
    queryKey: ['integration-log', filter],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      dataOf(
        await client.GET('/v1/integration-log', {
          params: {
            query: {
              ...filter,
              limit: 30,
              ...(pageParam !== undefined ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
