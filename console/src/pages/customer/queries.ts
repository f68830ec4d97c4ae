import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PerkApi } from '../../api/client';
import { useApi } from '../../api/context';
import {
  customerKey,
  customerQuery,
  customerSegmentsQuery,
  customerTierQuery,
  pointsBalanceQuery,
  pointsEntriesQuery,
  pointsLotsQuery,
  purchasesQuery,
} from '../../api/customers';
import type { components } from '../../api/perk-api';
import { dataOf } from '../../api/problem';
import { tierProgramQuery } from '../../api/programme';
import { promotionsQuery, storesQuery } from '../../api/queries';
import { campaignsQuery } from '../campaigns/campaign-queries';

type Schemas = components['schemas'];
export type CampaignProgress = Schemas['CampaignProgress'];
export type CustomerCoupon = Schemas['CustomerCoupon'];
export type CustomerGiftCard = Schemas['CustomerGiftCard'];
export type CustomField = Schemas['CustomField'];

/** The customer's progress in purchase campaigns ("2 of 3 purchases"). */
export const customerCampaignsQuery = ({ client }: PerkApi, id: string) =>
  queryOptions({
    queryKey: [...customerKey(id), 'campaigns'],
    queryFn: async () =>
      dataOf(await client.GET('/v1/customers/{id}/campaigns', { params: { path: { id } } })).items,
  });

export const useCustomerCampaigns = (id: string) => useQuery(customerCampaignsQuery(useApi(), id));

/** Codes issued to the customer or used by them, judged now by the till's rule. */
export const customerCouponsQuery = ({ client }: PerkApi, id: string) =>
  queryOptions({
    queryKey: [...customerKey(id), 'coupons'],
    queryFn: async () =>
      dataOf(await client.GET('/v1/customers/{id}/coupons', { params: { path: { id } } })).items,
  });

export const useCustomerCoupons = (id: string) => useQuery(customerCouponsQuery(useApi(), id));

/** Gift cards the customer bought or paid with. */
export const customerGiftCardsQuery = ({ client }: PerkApi, id: string) =>
  queryOptions({
    queryKey: [...customerKey(id), 'gift-cards'],
    queryFn: async () =>
      dataOf(await client.GET('/v1/customers/{id}/gift-cards', { params: { path: { id } } })).items,
  });

export const useCustomerGiftCards = (id: string) => useQuery(customerGiftCardsQuery(useApi(), id));

/** The retailer's own profile fields, with their types and ru/en titles. */
export const customFieldsQuery = ({ client }: PerkApi) =>
  queryOptions({
    queryKey: ['customer-fields'],
    queryFn: async () => dataOf(await client.GET('/v1/customer-fields')).items,
  });

export const useCustomFields = () => useQuery(customFieldsQuery(useApi()));

/**
 * What a customer's page asks as it opens, for the page loaded by its address (see
 * `PageRoute.opens`): the profile, points, purchases, tier, segments and the cards below them.
 */
export const customerOpening = (api: PerkApi, id: string) => [
  customerQuery(api, id),
  customerTierQuery(api, id),
  tierProgramQuery(api),
  pointsBalanceQuery(api, id),
  pointsLotsQuery(api, id),
  pointsEntriesQuery(api, id),
  purchasesQuery(api, id),
  customerSegmentsQuery(api, id),
  customerCampaignsQuery(api, id),
  customerCouponsQuery(api, id),
  customerGiftCardsQuery(api, id),
  customFieldsQuery(api),
  campaignsQuery(api),
  promotionsQuery(api),
  storesQuery(api),
];
