import { describe, expect, it } from 'vitest';

import { countTicks } from './range';

describe('countTicks', () => {
  it.each([
    [3.3, [0, 1, 2, 3]],
    [1.1, [0, 1]],
    [11, [0, 5, 10]],
    [110, [0, 25, 50, 75, 100]],
    [1100, [0, 250, 500, 750, 1000]],
    [5_500_000, [0, 2_000_000, 4_000_000]],
    [0, [0]],
  ])('up to %d: %j', (top, ticks) => {
    expect(countTicks(top)).toEqual(ticks);
  });

  it('gives whole, distinct ticks, at most six, for every top', () => {
    for (let top = 0.5; top < 1e7; top *= 1.37) {
      const ticks = countTicks(top);
      expect(ticks.length).toBeLessThanOrEqual(6);
      expect(ticks.every(Number.isInteger)).toBe(true);
      expect(new Set(ticks).size).toBe(ticks.length);
      expect(ticks[ticks.length - 1]).toBeLessThanOrEqual(top);
    }
  });
});
