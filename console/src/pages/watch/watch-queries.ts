import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PerkApi } from '../../api/client';
import { useApi } from '../../api/context';
import { dataOf } from '../../api/problem';
import { mechanicsQuery, promotionsQuery, rulesetQuery, storesQuery } from '../../api/queries';
import { backtestsQuery } from './backtest-queries';

/** The promotion watch analyses the ruleset now: overlaps, promotions that never fire, margin risks. */
export const findingsQuery = ({ client }: PerkApi) =>
  queryOptions({
    queryKey: ['watch'],
    queryFn: async () => dataOf(await client.GET('/v1/watch/findings')),
  });

export const useFindings = () => useQuery(findingsQuery(useApi()));

export const alertKindsQuery = ({ client }: PerkApi) =>
  queryOptions({
    queryKey: ['alert-kinds'],
    queryFn: async () => dataOf(await client.GET('/v1/watch/alerts/kinds')).items,
  });

export const alertRulesQuery = ({ client }: PerkApi) =>
  queryOptions({
    queryKey: ['alert-rules'],
    queryFn: async () => dataOf(await client.GET('/v1/watch/alerts/rules')).items,
  });

export const alertHistoryQuery = ({ client }: PerkApi) =>
  queryOptions({
    queryKey: ['alert-history'],
    queryFn: async () => dataOf(await client.GET('/v1/watch/alerts')).items,
  });

/** What the watch page asks for as it opens, its panels' lists included. */
export const watchOpening = (api: PerkApi) => [
  findingsQuery(api),
  promotionsQuery(api),
  alertKindsQuery(api),
  alertRulesQuery(api),
  alertHistoryQuery(api),
  backtestsQuery(api),
  mechanicsQuery(api),
  rulesetQuery(api),
  storesQuery(api),
];
