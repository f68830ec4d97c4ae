import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PerkApi } from './client';
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

// Each query is options (for a page's data asked ahead of its script, page-routes.tsx) and a hook.
export const promotionsQuery = ({ client }: PerkApi) =>
  queryOptions({
    queryKey: ['promotions'],
    queryFn: async () => dataOf(await client.GET('/v1/promotions')).items,
  });

export const usePromotions = () => useQuery(promotionsQuery(useApi()));

export const promotionQuery = ({ client }: PerkApi, id: string | null) =>
  queryOptions({
    queryKey: ['promotions', id],
    enabled: id !== null,
    queryFn: async () =>
      dataOf(await client.GET('/v1/promotions/{id}', { params: { path: { id: id ?? '' } } })),
  });

export const usePromotion = (id: string | null) => useQuery(promotionQuery(useApi(), id));

export const mechanicsQuery = ({ client }: PerkApi) =>
  queryOptions({
    queryKey: ['mechanics'],
    queryFn: async () => dataOf(await client.GET('/v1/mechanics')).items,
    ...reference,
  });

export const useMechanics = () => useQuery(mechanicsQuery(useApi()));

export const storesQuery = ({ client }: PerkApi) =>
  queryOptions({
    queryKey: ['stores'],
    queryFn: async () => dataOf(await client.GET('/v1/stores')).items,
    ...reference,
  });

export const useStores = () => useQuery(storesQuery(useApi()));

export const categoriesQuery = ({ client }: PerkApi) =>
  queryOptions({
    queryKey: ['categories'],
    queryFn: async () => dataOf(await client.GET('/v1/categories')).items,
    ...reference,
  });

export const useCategories = () => useQuery(categoriesQuery(useApi()));

export const rulesetQuery = ({ client }: PerkApi) =>
  queryOptions({
    queryKey: ['ruleset'],
    queryFn: async () => dataOf(await client.GET('/v1/ruleset')),
    ...reference,
  });

export const useRuleset = () => useQuery(rulesetQuery(useApi()));

/** Products whose name or SKU starts with what was typed (the catalogue's own search). */
export const productsQuery = ({ client }: PerkApi, search: string) =>
  queryOptions({
    queryKey: ['products', search],
    queryFn: async () =>
      dataOf(
        await client.GET('/v1/products', {
          params: { query: { limit: 20, ...(search ? { q: search } : {}) } },
        }),
      ).items,
    ...reference,
  });

export const useProducts = (search: string) => useQuery(productsQuery(useApi(), search));
