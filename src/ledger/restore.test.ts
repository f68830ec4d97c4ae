import { describe, expect, it } from 'vitest';
import { planRestore } from './restore.ts';

describe('planRestore', () => {
  const burned = [
    { lotId: 'early', points: 100 },
    { lotId: 'late', points: 40 },
  ];

  it('gives points back to the last burned lot first', () => {
    expect(planRestore(burned, 40)).toEqual([{ lotId: 'late', points: 40 }]);
    expect(planRestore(burned, 55)).toEqual([
      { lotId: 'late', points: 40 },
      { lotId: 'early', points: 15 },
    ]);
  });

  it('gives nothing back for zero points', () => {
    expect(planRestore(burned, 0)).toEqual([]);
  });

  it('refuses to give back more than was burned, as a bug', () => {
    expect(() => planRestore(burned, 141)).toThrow(RangeError);
  });
});
