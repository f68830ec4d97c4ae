import { describe, expect, it } from 'vitest';
import { reasonText } from './messages.ts';

describe('explanation texts name things as people know them, not by API codes', () => {
  it.each([
    ['pos', 'акция не действует в канале «кассы магазинов»', 'not valid in the store till channel'],
    ['web', 'акция не действует в канале «сайт»', 'not valid in the website channel'],
    [
      'app',
      'акция не действует в канале «мобильное приложение»',
      'not valid in the mobile app channel',
    ],
    // A channel the texts do not know yet is named by its code rather than left out.
    ['kiosk', 'акция не действует в канале «kiosk»', 'not valid in the kiosk channel'],
  ])('a store of channel %s', (channel, ru, en) => {
    expect(reasonText('wrong_channel', { channel })).toEqual({ ru, en });
  });

  it('a promotion that is not active says its status in words', () => {
    expect(reasonText('not_active', { status: 'paused' })).toEqual({
      ru: 'акция не активна (статус «приостановлена»)',
      en: 'the promotion is not active (status paused)',
    });
  });

  it('money in the language’s grouping and decimal mark', () => {
    expect(reasonText('threshold_not_met', { missingMinor: 123_450 }).ru).toContain(
      '1\u00a0234,50 ₽',
    );
    expect(reasonText('threshold_not_met', { missingMinor: 123_450 }).en).toContain('₽1,234.50');
  });
});
