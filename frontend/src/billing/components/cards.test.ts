import { describe, expect, it } from 'vitest';

import { cardExpiresSoon, cardExpiry, cardName } from './cards';

describe('cards', () => {
  it('names a card by brand and last four digits', () => {
    expect(cardName({ brand: 'visa', last4: '4242' })).toBe('Visa ending in 4242');
    expect(cardName({ brand: 'amex', last4: '0005' })).toBe('American Express ending in 0005');
    expect(cardName({ brand: 'newbrand', last4: '1111' })).toBe('newbrand ending in 1111');
  });

  it('shows the expiry as MM/YYYY', () => {
    expect(cardExpiry({ expMonth: 3, expYear: 2031 })).toBe('03/2031');
    expect(cardExpiry({})).toBe('at an unknown date');
  });

  it('says a card expires soon within 10 days of the end of its expiry month', () => {
    const card = { expMonth: 12, expYear: 2026 };
    expect(cardExpiresSoon(card, new Date(Date.UTC(2026, 11, 21, 0, 0, 1)))).toBe(false);
    expect(cardExpiresSoon(card, new Date(Date.UTC(2026, 11, 22)))).toBe(true);
    expect(cardExpiresSoon(card, new Date(Date.UTC(2027, 0, 5)))).toBe(true);
    expect(cardExpiresSoon({}, new Date())).toBe(false);
  });
});
