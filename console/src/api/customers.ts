import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useQuery,
} from '@tanstack/react-query';
import type { PerkApi } from './client';
import { useApi } from './context';
import type { components, paths } from './perk-api';
import { dataOf } from './problem';

type Schemas = components['schemas'];

export type Customer = Schemas['Customer'];
export type PointsBalance = Schemas['PointsBalance'];
export type PointsLot = Schemas['PointsLot'];
export type PointsEntry = Schemas['PointsEntry'];
export type Purchase = Schemas['PurchaseReceipt'];
export type CustomerTier = Schemas['CustomerTier'];
export type AuditEntry = Schemas['AuditEntry'];
export type AuditQuery = NonNullable<paths['/v1/audit']['get']['parameters']['query']>;

/** The key every query about one customer starts with, to refresh them all after a change. */
export const customerKey = (id: string) => ['customer', id] as const;

/**
 * A page of customers matching what was typed (the server reads a phone, card or e-mail in any
 * form, and names by fragment); `after` is the previous page's cursor.
 */
export function useCustomerSearch(
  q: string,
  after: number | undefined,
  limit = 20,
  /** False while nobody looks (a closed dialog): nothing is asked. */
  enabled = true,
) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['customers', q, after, limit],
    enabled,
    queryFn: async () =>
      dataOf(
        await client.GET('/v1/customers', {
          params: {
            query: { limit, ...(q ? { q } : {}), ...(after !== undefined ? { after } : {}) },
          },
        }),
      ),
    placeholderData: (previous) => previous,
  });
}

export const customerQuery = ({ client }: PerkApi, id: string) =>
  queryOptions({
    queryKey: [...customerKey(id), 'profile'],
    queryFn: async () =>
      dataOf(await client.GET('/v1/customers/{id}', { params: { path: { id } } })),
  });

export const useCustomer = (id: string) => useQuery(customerQuery(useApi(), id));

export const pointsBalanceQuery = ({ client }: PerkApi, id: string | null) =>
  queryOptions({
    queryKey: [...customerKey(id ?? ''), 'points'],
    enabled: id !== null,
    queryFn: async () =>
      dataOf(
        await client.GET('/v1/customers/{id}/points', {
          params: { path: { id: id ?? '' }, query: { soonDays: 30 } },
        }),
      ),
  });

export const usePointsBalance = (id: string | null) => useQuery(pointsBalanceQuery(useApi(), id));

export const pointsLotsQuery = ({ client }: PerkApi, id: string) =>
  queryOptions({
    queryKey: [...customerKey(id), 'lots'],
    queryFn: async () =>
      dataOf(
        await client.GET('/v1/customers/{id}/points/lots', {
          params: { path: { id }, query: { includeSpent: false } },
        }),
      ).items,
  });

export const usePointsLots = (id: string) => useQuery(pointsLotsQuery(useApi(), id));

export const pointsEntriesQuery = ({ client }: PerkApi, id: string) =>
  infiniteQueryOptions({
    queryKey: [...customerKey(id), 'entries'],
    initialPageParam: undefined as number | undefined,
    queryFn: async ({ pageParam }) =>
      dataOf(
        await client.GET('/v1/customers/{id}/points/entries', {
          params: {
            path: { id },
            query: { limit: 20, ...(pageParam !== undefined ? { before: pageParam } : {}) },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextBefore ?? undefined,
  });

export const usePointsEntries = (id: string) => useInfiniteQuery(pointsEntriesQuery(useApi(), id));

export const purchasesQuery = ({ client }: PerkApi, id: string) =>
  infiniteQueryOptions({
    queryKey: [...customerKey(id), 'purchases'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      dataOf(
        await client.GET('/v1/customers/{id}/purchases', {
          params: {
            path: { id },
            query: { limit: 10, ...(pageParam !== undefined ? { before: pageParam } : {}) },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextBefore ?? undefined,
  });

export const usePurchases = (id: string) => useInfiniteQuery(purchasesQuery(useApi(), id));

export const customerTierQuery = ({ client }: PerkApi, id: string) =>
  queryOptions({
    queryKey: [...customerKey(id), 'tier'],
    queryFn: async () =>
      dataOf(await client.GET('/v1/customers/{id}/tier', { params: { path: { id }, query: {} } })),
  });

export const useCustomerTier = (id: string) => useQuery(customerTierQuery(useApi(), id));

/** Every segment judged for the customer by the server's own explanation, "why in" included. */
export const customerSegmentsQuery = ({ client }: PerkApi, id: string) =>
  queryOptions({
    queryKey: [...customerKey(id), 'segments'],
    queryFn: async () =>
      dataOf(await client.GET('/v1/customers/{id}/segments', { params: { path: { id } } })).items,
  });

export const useCustomerSegments = (id: string) => useQuery(customerSegmentsQuery(useApi(), id));

/** The audit log, newest first, a page at a time. */
export function useAudit(filter: Omit<AuditQuery, 'before' | 'limit'>) {
  const { client } = useApi();
  return useInfiniteQuery({
    queryKey: ['audit', filter],
    initialPageParam: undefined as number | undefined,
    queryFn: async ({ pageParam }) =>
      dataOf(
        await client.GET('/v1/audit', {
          params: {
            query: {
              ...filter,
              limit: 30,
              ...(pageParam !== undefined ? { before: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextBefore ?? undefined,
  });
}

/** A customer's name as people write it (family name first), or null when the profile has none. */
export function customerName(customer: Customer): string | null {
  const parts = [customer.lastName, customer.firstName, customer.middleName].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : null;
}
