/** How the screens name a saved card: never more than its brand, last four digits and expiry. */
type Card = { brand?: string | null; last4?: string | null; expMonth?: number | null; expYear?: number | null };

const brands: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  cartes_bancaires: 'Cartes Bancaires',
};

export function cardName(card: Card): string {
  const brand = card.brand ? (brands[card.brand.toLowerCase()] ?? card.brand) : 'Card';
  return `${brand} ending in ${card.last4 ?? '????'}`;
}

export function cardExpiry(card: Card): string {
  if (!card.expMonth || !card.expYear) return 'at an unknown date';
  return `${String(card.expMonth).padStart(2, '0')}/${card.expYear}`;
}

/**
 * Whether the card stops working within 10 days of now (it works through the last day of its
 * expiry month), as the expiring-card email announces.
 */
export function cardExpiresSoon(card: Card, now: Date): boolean {
  if (!card.expMonth || !card.expYear) return false;
  const end = Date.UTC(card.expYear, card.expMonth, 1); // first instant after the expiry month
  return end - now.getTime() <= 10 * 24 * 3600 * 1000;
}
