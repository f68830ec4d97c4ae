import type { FailureRule } from '../coupons/failure-limiter.ts';

/**
 * Wrong PINs and unknown numbers: 5 in a burst, then 1 a minute, per card (whoever asks) and per
 * API key. Per card bounds a PIN search against one card to about 1 440 tries a day of a million
 * PINs; per key stops one till from walking many numbers.
 */
export const pinRule: FailureRule = { capacity: 5, refillPerMinute: 1 };

export function cardKeys(number: string, apiKeyId: string | null): string[] {
  return [`card:${number}`, `key:${apiKeyId ?? 'command-line'}`];
}
