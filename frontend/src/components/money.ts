/**
 * An amount from the API (a decimal string, never rounded through a float) with its currency:
 * "€1,234.50", "$0.0125". Totals show 2 decimals; line items up to the 4 they are stored with.
 */
export function formatMoney(amount: string | null | undefined, currency: string, maxDecimals: 2 | 4 = 2): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  try {
    const format = new Intl.NumberFormat('en', {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: maxDecimals,
    });
    // A string keeps every digit: Intl formats decimal strings exactly.
    return format.format(amount as unknown as number);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** Adds decimal strings exactly (at most 4 decimals each, as the API gives amounts). */
export function addAmounts(amounts: readonly string[]): string {
  let total = 0n;
  for (const amount of amounts) {
    const match = /^(-?)(\d+)(?:\.(\d{1,4}))?$/.exec(amount.trim());
    if (!match) throw new Error(`not an amount: ${amount}`);
    const units = BigInt(match[2]) * 10000n + BigInt((match[3] ?? '').padEnd(4, '0'));
    total += match[1] ? -units : units;
  }
  const sign = total < 0n ? '-' : '';
  const abs = total < 0n ? -total : total;
  return `${sign}${abs / 10000n}.${String(abs % 10000n).padStart(4, '0')}`;
}
