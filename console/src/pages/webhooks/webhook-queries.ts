import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import type { components } from '../../api/perk-api';
import { dataOf } from '../../api/problem';

export type Webhook = components['schemas']['Webhook'];
export type WebhookDelivery = components['schemas']['WebhookDelivery'];
export type WebhookEventType = components['schemas']['WebhookEventType'];
export type DeliveryStatus = WebhookDelivery['status'];

// Every type the API takes: a record over the generated union, so a new type the API adds does
// not compile here until it is listed.
const everyType: Record<WebhookEventType, true> = {
  'purchase.committed': true,
  'purchase.returned': true,
  'purchase.cancelled': true,
  'points.changed': true,
  'tier.changed': true,
  'segment.entered': true,
  'segment.left': true,
  'coupon.issued': true,
  'cart.abandoned': true,
  'alert.opened': true,
  'alert.closed': true,
};
export const eventTypes = Object.keys(everyType) as WebhookEventType[];

export function useWebhooks() {
  const { client } = useApi();
  return useQuery({
    queryKey: ['webhooks'],
    queryFn: async () => dataOf(await client.GET('/v1/webhooks')).items,
  });
}

/** The latest deliveries of one status, newest first. */
export function useDeliveries(status: DeliveryStatus) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['webhook-deliveries', status],
    queryFn: async () =>
      dataOf(
        await client.GET('/v1/webhook-deliveries', { params: { query: { status, limit: 100 } } }),
      ).items,
  });
}

/** Switches a subscription on or off. */
export function useSetActive() {
  const { client } = useApi();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, active }: { id: string; active: boolean }) =>
      dataOf(
        await client.PATCH('/v1/webhooks/{id}', { params: { path: { id } }, body: { active } }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['webhooks'] }),
  });
}

/** Sends one delivery again, or every parked one when `id` is null. */
export function useReplay() {
  const { client } = useApi();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async (id: number | null) =>
      id === null
        ? dataOf(await client.POST('/v1/webhook-deliveries/replay', { body: {} }))
        : dataOf(
            await client.POST('/v1/webhook-deliveries/{id}/replay', {
              params: { path: { id } },
            }),
          ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['webhook-deliveries'] }),
  });
}
