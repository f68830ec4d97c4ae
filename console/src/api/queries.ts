import { useQuery } from '@tanstack/react-query';
import { useApi } from './context';
import type { paths } from './perk-api';
import { dataOf } from './problem';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

export type Promotion = Json<paths['/v1/promotions']['get']['responses']['200']>['items'][number];
export type PromotionDefinition = Json<NonNullable<paths['/v1/promotions']['post']['requestBody']>>;
export type Mechanic = Json<paths['/v1/mechanics']['get']['responses']['200']>['items'][number];
export type Store = Json<paths['/v1/stores']['get']['responses']['200']>['items'][number];
export type Category = Json<paths['/v1/categories']['get']['responses']['200']>['items'][number];
export type Product = Json<paths['/v1/products']['get']['responses']['200']>['items'][number];
export type Ruleset = Json<paths['/v1/ruleset']['get']['responses']['200']>;
export type CartRequest = Json<NonNullable<paths['/v1/carts/calculate']['post']['requestBody']>>;
export type CartCalculation = Json<paths['/v1/carts/calculate']['post']['responses']['200']>;

// Reference data changes rarely while a page is open.
const reference = { staleTime: 5 * 60_000 };

export function usePromotions() {
  const { client } = useApi();
  return useQuery({
    queryKey: ['promotions'],
    queryFn: async () => dataOf(await client.GET('/v1/promotions')).items,
  });
}

export function usePromotion(id: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['promotions', id],
    enabled: id !== null,
    queryFn: async () =>
      dataOf(await client.GET('/v1/promotions/{id}', { params: { path: { id: id ?? '' } } })),
  });
}

export function useMechanics() {
  const { client } = useApi();
  return useQuery({
    queryKey: ['mechanics'],
    queryFn: async () => dataOf(await client.GET('/v1/mechanics')).items,
    ...reference,
  });
}

export function useStores() {
  const { client } = useApi();
  return useQuery({
    queryKey: ['stores'],
    queryFn: async () => dataOf(await client.GET('/v1/stores')).items,
    ...reference,
  });
}

export function useCategories() {
  const { client } = useApi();
  return useQuery({
    queryKey: ['categories'],
    queryFn: async () => dataOf(await client.GET('/v1/categories')).items,
    ...reference,
  });
}

export function useRuleset() {
  const { client } = useApi();
  return useQuery({
    queryKey: ['ruleset'],
    queryFn: async () => dataOf(await client.GET('/v1/ruleset')),
    ...reference,
  });
}

/** Products whose name or SKU starts with what was typed (the catalogue's own search). */
export function useProducts(search: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['products', search],
    queryFn: async () =>
      dataOf(
        await client.GET('/v1/products', {
          params: { query: { limit: 20, ...(search ? { q: search } : {}) } },
        }),
      ).items,
    ...reference,
  });
}
