import { describe, expect, it } from 'vitest';

import { countOf } from './plural';

describe('countOf', () => {
  it('says a count in words', () => {
    expect(countOf(0, 'user')).toBe('no users');
    expect(countOf(1, 'user')).toBe('1 user');
    expect(countOf(2, 'user')).toBe('2 users');
    expect(countOf(3, 'child', 'children')).toBe('3 children');
  });
});
