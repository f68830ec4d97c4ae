import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { customerKey } from '../../api/customers';
import type { components } from '../../api/perk-api';
import { dataOf } from '../../api/problem';

type Schemas = components['schemas'];
export type CampaignProgress = Schemas['CampaignProgress'];
export type CustomerCoupon = Schemas['CustomerCoupon'];
export type CustomerGiftCard = Schemas['CustomerGiftCard'];
export type CustomField = Schemas['CustomField'];

/** The customer's progress in purchase campaigns ("2 of 3 purchases"). */
export function useCustomerCampaigns(id: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: [...customerKey(id), 'campaigns'],
    queryFn: async () =>
      dataOf(await client.GET('/v1/customers/{id}/campaigns', { params: { path: { id } } })).items,
  });
}

/** Codes issued to the customer or used by them, judged now by the till's rule. */
export function useCustomerCoupons(id: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: [...customerKey(id), 'coupons'],
    queryFn: async () =>
      dataOf(await client.GET('/v1/customers/{id}/coupons', { params: { path: { id } } })).items,
  });
}

/** Gift cards the customer bought or paid with. */
export function useCustomerGiftCards(id: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: [...customerKey(id), 'gift-cards'],
    queryFn: async () =>
      dataOf(await client.GET('/v1/customers/{id}/gift-cards', { params: { path: { id } } })).items,
  });
}

/** The retailer's own profile fields, with their types and ru/en titles. */
export function useCustomFields() {
  const { client } = useApi();
  return useQuery({
    queryKey: ['customer-fields'],
    queryFn: async () => dataOf(await client.GET('/v1/customer-fields')).items,
  });
}
