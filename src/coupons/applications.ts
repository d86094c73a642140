import type { Knex } from 'knex';
import { discountOf } from './arithmetic';
import { liveRedemption } from './queries';

/** The coupon a purchase's next cycle uses, if any has cycles left, and what it takes off `amount`. */
export async function couponForCycle(trx: Knex.Transaction, purchaseId: number, amount: number) {
  const r = await liveRedemption(trx, purchaseId);
  if (!r || (r.cycles !== null && r.applied >= r.cycles)) return null;
  return { redemptionId: Number(r.id), code: r.code as string, discount: discountOf(r, amount) };
}

/** Records that a cycle was lowered; a declined charge gives the cycle back (`returnCoupon`). */
export async function applyCoupon(
  trx: Knex.Transaction,
  redemptionId: number,
  use: { billing_cycle: number; discount_cents: number; transaction_id: number | null; created_at: Date },
) {
  if (use.discount_cents > 0) await trx('coupon_applications').insert({ coupon_redemption_id: redemptionId, ...use });
}

export async function returnCoupon(trx: Knex.Transaction, saleId: number, now: Date) {
  await trx('coupon_applications')
    .where({ transaction_id: saleId })
    .whereNull('returned_at')
    .update({ returned_at: now });
}
