import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PerkApi } from '../../api/client';
import { useApi } from '../../api/context';
import type { components } from '../../api/perk-api';
import { dataOf } from '../../api/problem';

export type StoredCampaign = components['schemas']['StoredCampaign'];
export type CampaignDefinition = components['schemas']['CampaignDefinition'];
export type CampaignRule = CampaignDefinition['rule'];
export type CampaignReward = NonNullable<CampaignDefinition['reward']>;

export const campaignsKey = ['campaigns'] as const;

/** The rules a campaign may have, in the order the form offers them. */
export const ruleKinds: CampaignRule['kind'][] = [
  'purchase_count',
  'first_purchase',
  'registration',
  'birthday',
  'referral',
  'action',
  'abandoned_cart',
];

export const campaignsQuery = ({ client }: PerkApi) =>
  queryOptions({
    queryKey: campaignsKey,
    queryFn: async () => dataOf(await client.GET('/v1/campaigns')).items,
  });

export const useCampaigns = () => useQuery(campaignsQuery(useApi()));

export function useCampaign(id: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: [...campaignsKey, id],
    enabled: id !== null,
    queryFn: async () =>
      dataOf(await client.GET('/v1/campaigns/{id}', { params: { path: { id: id ?? '' } } })),
  });
}
