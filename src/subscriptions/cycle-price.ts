import type { Knex } from 'knex';
import { applyCoupon, couponForCycle } from '../coupons/applications';
import { splitCycle } from '../credits/arithmetic';
import { spendable, useCredit } from '../credits/service';
import { formatMoney } from '../lib/money';

/**
 * What one cycle of a purchase costs and how it is paid before the card: the coupon's discount,
 * then store credit (oldest memo first), the rest on the card. `reserve` records the coupon's cycle
 * and the credit used, against the sale when there is one so a decline gives them back.
 * Call with the purchase and the customer locked.
 */
export async function priceCycle(trx: Knex.Transaction, p: Record<string, any>, cycle: number, amount: number) {
  const coupon = await couponForCycle(trx, p.id, amount);
  const credit = await spendable(trx, p.customer_id, p.currency);
  const split = splitCycle(amount, coupon?.discount ?? 0, credit.balance);
  const off = split.discount ? `${formatMoney(split.discount, p.currency)} off (coupon ${coupon!.code})` : '';
  return {
    ...split,
    /** "$5.00 off (coupon SAVE5) + $10.00 from credit", for a cycle the card does not pay. */
    paidWithout:
      [off, split.credit ? `${formatMoney(split.credit, p.currency)} from credit` : ''].filter(Boolean).join(' + ') ||
      'nothing to pay',
    async reserve(now: Date, saleId: number | null) {
      const use = { billing_cycle: cycle, transaction_id: saleId, created_at: now };
      if (coupon) await applyCoupon(trx, coupon.redemptionId, { ...use, discount_cents: split.discount });
      await useCredit(trx, credit.memos, split.credit, { ...use, purchase_id: p.id });
    },
  };
}
