const formatters = new Map<string, Intl.NumberFormat>();

/** Money is integer cents plus an ISO currency code; formatting happens only at the edge. */
export function formatMoney(cents: number, currency = 'USD'): string {
  // Building an Intl formatter costs far more than using one: keep one per currency.
  let f = formatters.get(currency);
  if (!f) formatters.set(currency, (f = new Intl.NumberFormat('en-US', { style: 'currency', currency })));
  return f.format(cents / 100);
}

/** "12", "12.5", "12.50", "$1,234.56" → cents; anything else (negative, 3 decimals, text) → null. */
export function parseMoney(input: string): number | null {
  const s = input.trim().replace(/^\$/, '').replace(/,/g, '');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
