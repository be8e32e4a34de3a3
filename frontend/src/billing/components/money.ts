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

/** "2026-03" as "March 2026". */
export function monthName(period: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (!match) return period;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return date.toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** The date part of an API date (YYYY-MM-DD), or a dash. */
export function dateOnly(value: string | null | undefined): string {
  return value ? value.slice(0, 10) : '—';
}

/** The last `count` months up to this one, newest first, as YYYY-MM. */
export function recentMonths(count: number, now = new Date()): string[] {
  const months: string[] = [];
  for (let i = 0; i < count; i++) {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    months.push(`${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return months;
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
