import { describe, expect, it } from 'vitest';
import { openPins, sealPins } from './sealed-pins.ts';

describe('sealed PINs', () => {
  const pins = ['012345', '999999', '000000'];

  it('open with the key and batch they were sealed for, in their order', () => {
    const sealed = sealPins(pins, 'perk_key', 'b-1');
    expect(openPins(sealed, 'perk_key', 'b-1')).toEqual(pins);
    expect(sealed).toMatch(/^aes-256-gcm\$[0-9a-f]{32}\$[0-9a-f]{24}\$[0-9a-f]{40}\$[0-9a-f]{32}$/);
    for (const pin of pins) expect(sealed).not.toContain(pin);
  });

  it('seal alike lists differently (fresh salt and IV)', () => {
    expect(sealPins(pins, 'perk_key', 'b-1')).not.toBe(sealPins(pins, 'perk_key', 'b-1'));
  });

  it('do not open with another key, another batch or a changed text', () => {
    const sealed = sealPins(pins, 'perk_key', 'b-1');
    expect(() => openPins(sealed, 'perk_other', 'b-1')).toThrow();
    expect(() => openPins(sealed, 'perk_key', 'b-2')).toThrow();
    const flipped = sealed.slice(0, -1) + (sealed.endsWith('0') ? '1' : '0');
    expect(() => openPins(flipped, 'perk_key', 'b-1')).toThrow();
    expect(() => openPins('scrypt$00$00', 'perk_key', 'b-1')).toThrow('not sealed PINs');
  });
});
