import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import type { components } from '../../api/perk-api';
import { dataOf } from '../../api/problem';

export type GiftCardBatch = components['schemas']['GiftCardBatch'];

export const batchesKey = ['gift-card-batches'] as const;

/** The issued batches, newest first, with their cards counted by status. */
export function useGiftCardBatches() {
  const { client } = useApi();
  return useQuery({
    queryKey: batchesKey,
    queryFn: async () => dataOf(await client.GET('/v1/gift-cards/batches')).items,
  });
}
