import { describe, expect, it } from 'vitest';
import {
  cleanAnswer,
  type IntegrationCall,
  MAX_STORED_BODY,
  maskCall,
  maskCalls,
} from './integration-call.ts';

const customerId = '0f8e2c1a-6b4d-4e3a-9c71-2d5b8a4f6e10';

const call = (overrides: Partial<IntegrationCall>): IntegrationCall => ({
  at: new Date('2027-03-01T11:05:00.000Z'),
  requestId: 'req-1',
  keyId: '7a1d9e43-2c5f-4b8e-a6d0-91e3f4c2b7a5',
  method: 'POST',
  route: '/v1/purchases',
  url: '/v1/purchases',
  status: 200,
  latencyUs: 1_234,
  params: {},
  body: undefined,
  bodyLength: 0,
  response: undefined,
  responseLength: 0,
  ...overrides,
});

describe('maskCall', () => {
  it('masks phones, e-mails, card numbers, PINs and coupon codes in the body, keeping barcodes and ids', () => {
    const body = {
      storeId: 'msk',
      transactionId: 'msk-k3-000187',
      customer: { phone: '+7 912 345-67-89' },
      lines: [{ lineId: '1', sku: '4607025390015', unitPriceMinor: 8_990, quantity: 2 }],
      giftCards: [{ number: '6048 1200 0000 4821', pin: '1234' }],
      couponCodes: ['SPRING-25-K7Q2'],
      comment: 'call me at 8 (912) 345-67-89 or anna@example.ru, card 2000000000017',
    };
    const masked = maskCall(call({ body, bodyLength: 300 }));
    expect(JSON.parse(masked.request as string)).toEqual({
      storeId: 'msk',
      transactionId: 'msk-k3-000187',
      customer: { phone: '[redacted]' },
      lines: [{ lineId: '1', sku: '4607025390015', unitPriceMinor: 8_990, quantity: 2 }],
      giftCards: [{ number: '[redacted]', pin: '[redacted]' }],
      couponCodes: '[redacted]',
      comment: 'call me at [redacted] or [redacted], card [redacted]',
    });
    expect(masked.requestTruncated).toBe(false);
    expect(masked.transactionId).toBe('msk-k3-000187');
  });

  it('masks them in the query string and the path', () => {
    const masked = maskCall(
      call({
        method: 'GET',
        route: '/v1/gift-cards/:number/balance',
        url: '/v1/gift-cards/6048120000004821/balance?pin=1234&phone=%2B79123456789&limit=5',
      }),
    );
    expect(masked.url).toBe(
      '/v1/gift-cards/[redacted]/balance?pin=[redacted]&phone=[redacted]&limit=5',
    );
  });

  it('masks the answer, and names the customer it was answered about', () => {
    const response = JSON.stringify({
      customer: { status: 'identified', id: customerId },
      identifiers: [{ kind: 'email', value: 'anna@example.ru' }],
      totalMinor: 17_980,
    });
    const masked = maskCall(
      call({ body: { customer: { card: '2000000000017' } }, response, responseLength: 120 }),
    );
    expect(masked.customerId).toBe(customerId);
    expect(JSON.parse(masked.response as string)).toEqual({
      customer: { status: 'identified', id: customerId },
      identifiers: '[redacted]',
      totalMinor: 17_980,
    });
    expect(JSON.parse(masked.request as string)).toEqual({ customer: { card: '[redacted]' } });
  });

  it('keeps an answer with nothing to mask as sent, and a personal key without a value', () => {
    const response = `{"customer": {"status": "identified", "id": "${customerId}"},
      "appliedPromotions": [{"promotionId": "promo-7", "couponCode": null}],
      "calculatedAt": "2027-03-01T11:05:00.000Z", "totalMinor": 1234567890}`;
    const masked = maskCall(call({ response, responseLength: response.length }));
    expect(masked.response).toBe(response);
    const withCode = response.replace('"couponCode": null', '"couponCode": "SPRING-25"');
    const masking = maskCall(call({ response: withCode, responseLength: withCode.length }));
    expect(JSON.parse(masking.response as string).appliedPromotions).toEqual([
      { promotionId: 'promo-7', couponCode: '[redacted]' },
    ]);
  });

  it('stores an answered value with nothing to mask as its text, and masks the text otherwise', () => {
    const plain = { customer: { status: 'identified', id: customerId }, totalMinor: 17_980 };
    const sent = `{"customer":{"status":"identified","id":"${customerId}"},"totalMinor":17980}`;
    const kept = maskCall(
      call({ response: sent, responseLength: sent.length, cleanAnswer: cleanAnswer(plain) }),
    );
    expect(kept.response).toBe(sent);
    expect(kept.customerId).toBe(customerId);
    // What was sent is what is masked: the serializer left out `internal`, and the phone is
    // masked from the text.
    const personal = { ...plain, phone: '+79161234567', internal: 'not sent' };
    const text = `{"customer":{"status":"identified","id":"${customerId}"},"phone":"+79161234567"}`;
    const masked = maskCall(
      call({ response: text, responseLength: text.length, cleanAnswer: cleanAnswer(personal) }),
    );
    expect(JSON.parse(masked.response as string)).toEqual({
      customer: { status: 'identified', id: customerId },
      phone: '[redacted]',
    });
    // A value that is not plain JSON may serialize to what its keys do not show.
    class Pass {
      toJSON = () => ({ holder: '+79161234567' });
    }
    const odd = '{"wallet":{"holder":"+79161234567"}}';
    const classed = maskCall(
      call({
        response: odd,
        responseLength: odd.length,
        cleanAnswer: cleanAnswer({ wallet: new Pass() }),
      }),
    );
    expect(JSON.parse(classed.response as string)).toEqual({ wallet: { holder: '[redacted]' } });
  });

  it('takes the customer of a customer route from its path, never an identifier', () => {
    const masked = maskCall(
      call({ method: 'GET', route: '/v1/customers/:id/points', params: { id: customerId } }),
    );
    expect(masked.customerId).toBe(customerId);
    const byCard = maskCall(call({ body: { customer: { id: '2000000000017' } } }));
    expect(byCard.customerId).toBeNull();
  });

  it('cuts a long body at 16 384 characters and marks it', () => {
    const lines = Array.from({ length: 600 }, (_, i) => ({ lineId: String(i), sku: 'MILK' }));
    const masked = maskCall(call({ body: { lines }, bodyLength: 20_000 }));
    expect(masked.request).toHaveLength(MAX_STORED_BODY);
    expect(masked.request?.startsWith('{"lines":[{"lineId":"0","sku":"MILK"}')).toBe(true);
    expect(masked.requestTruncated).toBe(true);
  });

  it('cuts a long string before scrubbing it, dropping a number cut in two', () => {
    const note = `${'x'.repeat(4_090)} +7 912 345-67-89 and more`;
    const masked = maskCall(call({ body: { note }, bodyLength: 4_200 }));
    expect(JSON.parse(masked.request as string).note).toBe('x'.repeat(4_090));
  });

  it('keeps no part of a body too long to mask, nor of one that is not JSON', () => {
    const huge = maskCall(call({ body: undefined, bodyLength: 5_000_000 }));
    expect(huge).toMatchObject({
      request: '[5000000 characters or bytes, too long to mask: not kept]',
      requestTruncated: true,
    });
    const csv = maskCall(call({ body: 'phone\n+79123456789\nanna@example.ru\n', bodyLength: 35 }));
    expect(csv).toMatchObject({
      request: '[35 characters or bytes, not JSON: not kept]',
      requestTruncated: true,
    });
    const empty = maskCall(call({}));
    expect(empty).toMatchObject({ request: null, response: null, customerId: null });
  });

  it('masks a batch in turns, letting other work in while it is long', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => ({
      lineId: String(i),
      phone: '+79161234567',
    }));
    const response = JSON.stringify({ lines, note: 'call 8 916 123 45 67' });
    const calls = Array.from({ length: 300 }, (_, i) =>
      call({ requestId: `req-${i}`, response, responseLength: response.length }),
    );
    let letIn = false;
    setImmediate(() => {
      letIn = true;
    });
    const masked = await maskCalls(calls);
    expect(letIn).toBe(true);
    expect(masked).toEqual(calls.map(maskCall));
    expect(masked.map((m) => m.requestId)).toEqual(calls.map((c) => c.requestId));
  });
});
