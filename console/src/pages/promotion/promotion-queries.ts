import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import type { components } from '../../api/perk-api';
import { dataOf } from '../../api/problem';

export type PromotionFigures = components['schemas']['PromotionFigures'];
export type RulesetVersionEntry = components['schemas']['RulesetVersionEntry'];
export type RulesetVersionDiff = components['schemas']['RulesetVersionDiff'];
export type FieldChange = components['schemas']['RulesetFieldChange'];
export type PromotionPreviewAnswer = components['schemas']['PromotionPreview'];
export type PreviewCart = components['schemas']['PromotionPreviewCart'];

/** Uses, cost and budget left of every promotion, by id; only for those who read analytics. */
export function usePromotionFigures(enabled: boolean) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['promotions', 'figures'],
    enabled,
    queryFn: async () =>
      new Map(
        dataOf(await client.GET('/v1/analytics/promotions')).items.map((item) => [
          item.promotionId,
          item,
        ]),
      ),
  });
}

/** A page of ruleset versions, newest first, older than `before`. */
export function useRulesetVersions(before: number | undefined) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['ruleset', 'versions', before],
    queryFn: async () =>
      dataOf(
        await client.GET('/v1/ruleset/versions', {
          params: { query: { limit: 20, ...(before === undefined ? {} : { before }) } },
        }),
      ),
  });
}

/** What changed in `version` against the one before it. */
export function useRulesetDiff(version: number) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['ruleset', 'diff', version],
    // A version never changes, so neither does its diff.
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () =>
      dataOf(
        await client.GET('/v1/ruleset/versions/{version}/diff', {
          params: { path: { version } },
        }),
      ),
  });
}
