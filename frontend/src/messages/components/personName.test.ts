import { describe, expect, it } from 'vitest';

import { personName } from './personName';

const user = (firstName: string | null, lastName: string | null) => ({ username: 'jane', firstName, lastName });

describe('personName', () => {
  it.each([
    ['Jane', 'Doe', 'Jane Doe (jane)'],
    ['Jane', null, 'Jane (jane)'],
    [' ', '', 'jane'],
    [null, null, 'jane'],
  ])('names %o %o as %s', (first, last, want) => {
    expect(personName(user(first, last))).toBe(want);
  });
});
