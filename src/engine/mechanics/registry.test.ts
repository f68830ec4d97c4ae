import { describe, expect, it } from 'vitest';
import { MechanicArgsSchema } from './mechanic-args.ts';
import { mechanics } from './registry.ts';

describe('mechanic registry', () => {
  it('lists each code once, with the args schema the promotion schema uses', () => {
    const codes = mechanics.map((m) => m.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual([
      'percent-off',
      'amount-off',
      'fixed-price',
      'nth-item',
      'bundle',
      'cross-discount',
      'gift',
      'spend-threshold',
      'extra-points',
      'manual-discount',
    ]);
    expect(MechanicArgsSchema.anyOf).toEqual(mechanics.map((m) => m.argsSchema));
  });
});
