import type { ClaimedDelivery } from './claim-deliveries.ts';
import { signatureHeader } from './signature.ts';

/** What one try came to: delivered on a 2xx, else the status or the failure. */
export type SendOutcome =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string };

/** The JSON body a receiver gets: the event with its id for deduplication. */
export function webhookBody(event: ClaimedDelivery['event']): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    customerId: event.customerId,
    createdAt: event.createdAt.toISOString(),
    data: event.payload,
  });
}

/**
 * POSTs the event to the subscription's URL, signed (`Perk-Signature: t=…,v1=…`), with
 * `Perk-Event-Id`, `Perk-Event-Type` and `Perk-Delivery-Attempt`; gives up after `timeoutMs`.
 * A redirect is not followed (the signature is for the URL the retailer registered).
 */
export async function sendWebhook(
  delivery: ClaimedDelivery,
  options: { timeoutMs: number; nowSeconds: number },
): Promise<SendOutcome> {
  return postSigned(delivery.url, webhookBody(delivery.event), {
    ...options,
    secret: delivery.secret,
    headers: {
      'perk-event-id': delivery.event.id,
      'perk-event-type': delivery.event.type,
      'perk-delivery-attempt': String(delivery.attempt),
    },
  });
}

/**
 * POSTs a JSON `body` to `url` with `headers`, signed (`Perk-Signature`) when there is a
 * `secret`; a redirect is not followed, and the answer must come within `timeoutMs`. Never
 * throws: a refused connection or a timeout is an outcome like a 500. Event webhooks and alert
 * notices both go out through it.
 */
export async function postSigned(
  url: string,
  body: string,
  options: {
    timeoutMs: number;
    nowSeconds: number;
    secret: string | null;
    headers: Record<string, string>;
  },
): Promise<SendOutcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Perk-Webhooks/1',
        ...options.headers,
        ...(options.secret === null
          ? {}
          : { 'perk-signature': signatureHeader(options.secret, options.nowSeconds, body) }),
      },
      body,
    });
    // The body is not kept (it may be anything); reading it frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status >= 200 && response.status < 300)
      return { ok: true, status: response.status };
    return { ok: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    const message = timedOut ? `no answer within ${options.timeoutMs} ms` : describeFailure(error);
    return { ok: false, status: null, error: message };
  }
}

function describeFailure(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  if (cause?.code) return cause.code;
  return error instanceof Error ? error.message.slice(0, 200) : 'request failed';
}
