import { describe, expect, it } from 'vitest';
import {
  maskJson,
  REDACTED,
  redactUrl,
  redactValue,
  scrubText,
  serializeError,
} from './log-redaction.ts';

const R = REDACTED;

describe('redactUrl', () => {
  it.each([
    ['/v1/customers/lookup?phone=%2B79161234567', `/v1/customers/lookup?phone=${R}`],
    ['/v1/customers/lookup?card=2000000000017', `/v1/customers/lookup?card=${R}`],
    ['/v1/customers/lookup?email=anna%40example.ru', `/v1/customers/lookup?email=${R}`],
    ['/v1/customers/lookup?external=shop%3A42', `/v1/customers/lookup?external=${R}`],
    ['/v1/customers?q=Anna&limit=20', `/v1/customers?q=${R}&limit=20`],
    ['/v1/customers?limit=20&after=15', '/v1/customers?limit=20&after=15'],
    ['/v1/customers?limit=%2B79161234567', `/v1/customers?limit=${R}`],
    ['/v1/customers?anna@example.ru', `/v1/customers?${R}`],
    ['/v1/things?newParam=1', `/v1/things?newParam=${R}`],
    [
      '/v1/customers/4b1c2f1e-8d6a-4a8e-9a51-0d2c1b7e9f10/identifiers/phone/%2B79161234567?system=x',
      `/v1/customers/4b1c2f1e-8d6a-4a8e-9a51-0d2c1b7e9f10/identifiers/phone/${R}?system=x`,
    ],
    ['/v1/whatever/+7%20916%20123-45-67', `/v1/whatever/${R}`],
    ['/v1/whatever/anna%40example.ru/x', `/v1/whatever/${R}/x`],
    [
      '/v1/purchases/12345678-1234-4abc-8def-123456789012/trace',
      '/v1/purchases/12345678-1234-4abc-8def-123456789012/trace',
    ],
    ['/v1/products/SKU-1?x=%E0%A4%A', `/v1/products/SKU-1?x=${R}`],
  ])('%s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});

describe('scrubText', () => {
  it.each([
    ['call +7 (916) 123-45-67 now', `call ${R} now`],
    ['8 916 123 45 67', R],
    ['916 123 45 67', R],
    ['916 123 45 6', '916 123 45 6'],
    ['write to a@b.ru', `write to ${R}`],
    ['card 2000 0000 0001 7', `card ${R}`],
    ['gift 9123-4567-8901-2345.', `gift ${R}.`],
    ['mail Anna.K+1@example.co.uk, please', `mail ${R}, please`],
    [
      'Key (kind, value)=(phone, +79161234567) already exists.',
      `Key (kind, value)=(${R}) already exists.`,
    ],
    ['Failing row contains (1, Anna, 123456).', `Failing row contains ${R}`],
    [
      'at 2026-12-05T12:00:00.000Z, 123456789 points',
      'at 2026-12-05T12:00:00.000Z, 123456789 points',
    ],
    ['id 4b1c2f1e-8d6a-4a8e-9a51-012345678901', 'id 4b1c2f1e-8d6a-4a8e-9a51-012345678901'],
  ])('%s', (text, scrubbed) => {
    expect(scrubText(text)).toBe(scrubbed);
  });
});

describe('redactValue and serializeError', () => {
  it('redacts personal keys at any depth and scrubs every string', () => {
    const body = {
      storeId: 'msk',
      customer: { phone: '+79161234567', id: 'c-1' },
      payments: [{ kind: 'gift_card', giftCard: { number: '9123456789012345', pin: '654321' } }],
      couponCode: 'SPRING-7Q2X',
      note: 'write to anna@example.ru',
      headers: { Authorization: 'Bearer perk_abc', cookie: 'perk_session=x' },
    };
    expect(redactValue(body)).toEqual({
      storeId: 'msk',
      customer: { phone: R, id: 'c-1' },
      payments: [{ kind: 'gift_card', giftCard: { number: R, pin: R } }],
      couponCode: R,
      note: `write to ${R}`,
      headers: { Authorization: R, cookie: R },
    });
  });

  it('logs an error with its type, code and cause, their texts scrubbed', () => {
    const cause = Object.assign(new Error('duplicate key'), {
      code: '23505',
      detail: 'Key (value)=(anna@example.ru) already exists.',
    });
    const error = new Error('insert of +79161234567 failed', { cause });
    const logged = serializeError(error);
    expect(logged).toMatchObject({
      type: 'Error',
      message: `insert of ${R} failed`,
      cause: { type: 'Error', code: '23505', detail: `Key (value)=(${R}) already exists.` },
    });
    expect(JSON.stringify(logged)).not.toMatch(/79161234567|anna@/);
  });
});

describe('maskJson', () => {
  const calculation = {
    storeId: 'msk',
    customer: { phone: '+7 912 345-67-89', external: { system: 'shop', id: '42' } },
    lines: [{ lineId: '1', sku: '4607025390015', unitPriceMinor: 8_990, quantity: 2 }],
    couponCodes: ['SPRING-25-K7Q2', 'WELCOME-1'],
    manualDiscount: { value: 500, reason: 'call 8 (912) 345-67-89' },
    appliedPromotions: [{ promotionId: 'spring', couponCode: 'SPRING-25-K7Q2' }],
    coupons: [{ code: 'WELCOME-1', accepted: false, reason: 'expired' }],
    explanations: [{ code: 'outside_schedule', couponCode: null }],
  };

  it('masks a personal value whole, and a coupon code under coupons', () => {
    expect(maskJson(calculation)).toEqual({
      storeId: 'msk',
      customer: { phone: R, external: R },
      lines: [{ lineId: '1', sku: '4607025390015', unitPriceMinor: 8_990, quantity: 2 }],
      couponCodes: R,
      manualDiscount: { value: R, reason: `call ${R}` },
      appliedPromotions: [{ promotionId: 'spring', couponCode: R }],
      coupons: [{ code: R, accepted: false, reason: 'expired' }],
      explanations: [{ code: 'outside_schedule', couponCode: null }],
    });
  });

  it('keeps the shape when asked: each string masked, numbers, arrays and objects kept', () => {
    expect(maskJson(calculation, { keepShape: true })).toEqual({
      storeId: 'msk',
      customer: { phone: R, external: { system: R, id: R } },
      lines: [{ lineId: '1', sku: '4607025390015', unitPriceMinor: 8_990, quantity: 2 }],
      couponCodes: [R, R],
      manualDiscount: { value: 500, reason: `call ${R}` },
      appliedPromotions: [{ promotionId: 'spring', couponCode: R }],
      coupons: [{ code: R, accepted: false, reason: 'expired' }],
      explanations: [{ code: 'outside_schedule', couponCode: null }],
    });
  });

  it('answers a value with nothing to mask as it came, and copies only what changes', () => {
    const clean = { storeId: 'msk', lines: [{ sku: '4607025390015' }], explanations: [] };
    expect(maskJson(clean)).toBe(clean);
    expect(maskJson(clean, { keepShape: true })).toBe(clean);
    const masked = maskJson(calculation, { keepShape: true }) as typeof calculation;
    expect(masked.lines).toBe(calculation.lines);
    expect(calculation.customer.phone).toBe('+7 912 345-67-89');
  });
});
