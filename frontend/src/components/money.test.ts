import { describe, expect, it } from 'vitest';

import { addAmounts, formatMoney } from './money';

describe('money', () => {
  it('formats decimal strings exactly, with the currency', () => {
    expect(formatMoney('1234.5', 'EUR')).toBe('€1,234.50');
    expect(formatMoney('0.0125', 'USD', 4)).toBe('$0.0125');
    expect(formatMoney('-10', 'GBP')).toBe('-£10.00');
    expect(formatMoney('90071992547409.99', 'USD')).toBe('$90,071,992,547,409.99');
    expect(formatMoney(null, 'USD')).toBe('—');
  });

  it('adds amounts without floating-point error', () => {
    expect(addAmounts(['0.1', '0.2'])).toBe('0.3000');
    expect(addAmounts(['100.0001', '-0.0002', '5'])).toBe('104.9999');
    expect(addAmounts([])).toBe('0.0000');
    expect(addAmounts(['-1.5', '0.25'])).toBe('-1.2500');
    expect(() => addAmounts(['1e3'])).toThrow();
  });
});
