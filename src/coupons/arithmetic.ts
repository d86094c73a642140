/** A coupon's terms: a percentage or a fixed amount off each cycle it applies to. */
export interface CouponTerms {
  percent_off: number | null;
  amount_off_cents: number | null;
}

/**
 * The discount on a cycle costing `amount` cents: a percentage rounded down to the cent (a coupon
 * never takes off more than it says), a fixed amount capped at the price. Never negative, never more
 * than the price.
 */
export function discountOf(terms: CouponTerms, amount: number): number {
  const price = Math.max(0, amount);
  if (terms.percent_off) return Math.floor((price * Math.min(100, Math.max(0, terms.percent_off))) / 100);
  return Math.min(price, Math.max(0, terms.amount_off_cents ?? 0));
}
