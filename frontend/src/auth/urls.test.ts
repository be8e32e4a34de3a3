import { describe, expect, it } from 'vitest';

import { loginUrl, safeNextPath } from './urls';

describe('safeNextPath', () => {
  it.each([
    ['/products/7?tab=plans#limits', '/products/7?tab=plans#limits'],
    ['/audience/accounts', '/audience/accounts'],
    [null, '/dashboard'],
    ['', '/dashboard'],
    ['https://evil.example/', '/dashboard'],
    ['//evil.example/path', '/dashboard'],
    ['/\\evil.example', '/dashboard'],
    ['javascript:alert(1)', '/dashboard'],
    ['/login?next=/x', '/dashboard'],
  ])('%s → %s', (next, expected) => {
    expect(safeNextPath(next, '/dashboard')).toBe(expected);
  });
});

describe('loginUrl', () => {
  it('remembers where to return', () => {
    expect(loginUrl('/products/7?tab=plans')).toBe('/login?next=%2Fproducts%2F7%3Ftab%3Dplans');
  });
  it('omits next for the root and for the login screen itself', () => {
    expect(loginUrl('/')).toBe('/login');
    expect(loginUrl('/login?next=/a')).toBe('/login');
    expect(loginUrl()).toBe('/login');
  });
});
