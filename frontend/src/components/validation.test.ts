import { describe, expect, it } from 'vitest';

import { deriveSystemName, keyProblem, moneyProblem, patternProblem, systemNameProblem } from './validation';

describe('validation', () => {
  it('derives system names from names', () => {
    expect(deriveSystemName('My API v2')).toBe('my_api_v2');
    expect(deriveSystemName('  Échos & Co. ')).toBe('echos_co');
  });

  it('checks system names, keys, patterns and amounts like the API', () => {
    expect(systemNameProblem('echo api')).toMatch(/no spaces/);
    expect(systemNameProblem('echo/v1-beta_2')).toBeUndefined();
    expect(keyProblem('abcd')).toBeDefined();
    expect(keyProblem('abc-DEF-123')).toBeUndefined();
    expect(patternProblem('echo')).toMatch(/start with/);
    expect(patternProblem('/echo/{id}$')).toBeUndefined();
    expect(patternProblem('/echo/{}')).toMatch(/empty/);
    expect(patternProblem('/a$/b')).toMatch(/\$/);
    expect(moneyProblem('0.1234')).toBeUndefined();
    expect(moneyProblem('0.12340')).toBeUndefined();
    expect(moneyProblem('0.12345')).toMatch(/4 decimal/);
    expect(moneyProblem('-1')).toBeDefined();
  });
});
