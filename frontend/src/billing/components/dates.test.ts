import { describe, expect, it } from 'vitest';

import { monthName, recentMonths } from './dates';

describe('dates', () => {
  it('names months and lists the recent ones newest first', () => {
    expect(monthName('2026-03')).toBe('March 2026');
    expect(recentMonths(3, new Date(Date.UTC(2026, 0, 15)))).toEqual(['2026-01', '2025-12', '2025-11']);
  });
});
