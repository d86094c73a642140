const formatters = new Map<string, Intl.NumberFormat>();

/** Money is integer cents plus an ISO currency code; formatting happens only at the edge. */
export function formatMoney(cents: number, currency = 'USD'): string {
  // Building an Intl formatter costs far more than using one: keep one per currency.
  let f = formatters.get(currency);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    formatters.set(currency, f);
  }
  return f.format(cents / 100);
}

/**
 * "12", "12.5", "12.50", "$1,234.56" → cents; anything else (negative, 3 decimals, text) → null.
 * A comma is read only as a thousands separator in its place ("1,234"): "1,2" or "12,50" may be a
 * decimal comma, so they are refused as ambiguous rather than read as 12.00 or 1,250.00.
 */
export function parseMoney(input: string): number | null {
  const s = input.trim().replace(/^\$/, '');
  if (s.includes(',') && !/^\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(s)) return null;
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s.replace(/,/g, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
