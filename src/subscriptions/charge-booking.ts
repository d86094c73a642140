import type { Knex } from 'knex';
import { recordEvent, type Actor } from '../audit/record';
import { addDays } from '../lib/clock';
import { formatMoney } from '../lib/money';
import type { BookingTime, ChargePurpose } from '../payments/charges';
import { cancelPurchase } from './cancellation';
import { emailRecurringDeclined, emailRecurringOrder } from './emails';
import { afterPaidCycle } from './scheduled-run';
import { profileOfPurchase } from './recycle-profiles';
import { declineKind, nextRecycleStep } from './recycle-rule';
import { afterBilling } from './states';

export const isRebill = (key: string) => key.startsWith('rebill:');

/** How a subscription's charge is booked, by the billing above or by the reconciler later. */
export const purchaseCharge: ChargePurpose = {
  async approved(trx, at, sale, actor) {
    const p = await trx('purchases').where({ id: sale.purchase_id }).forUpdate().first();
    const [credit, discount] = [Number(sale.credit_used_cents), Number(sale.discount_cents)];
    const paid = [
      `${formatMoney(sale.amount_cents, sale.currency)} on the card`,
      discount ? `${formatMoney(discount, sale.currency)} off (coupon)` : '',
      credit ? `${formatMoney(credit, sale.currency)} from credit` : '',
    ]
      .filter(Boolean)
      .join(' + ');
    // Booked late (by the reconciler) after the cycle moved on some other way: the money is kept
    // on record, the cycle is not advanced twice.
    if (p.billing_cycle >= sale.billing_cycle)
      return `Charge #${sale.id} for cycle ${sale.billing_cycle} booked: ${paid}`;
    return advance(trx, at, actor, p, sale.billing_cycle, paid, sale.payment_instrument_id);
  },
  async declined(trx, at, sale, actor, answer) {
    const p = await trx('purchases').where({ id: sale.purchase_id }).forUpdate().first();
    await recordEvent(trx, {
      actor,
      kind: 'purchase.bill_declined',
      customerId: p.customer_id,
      subject: { type: 'purchase', id: p.id },
      summary: `Billing ${formatMoney(sale.amount_cents, sale.currency)} for cycle ${sale.billing_cycle} of subscription #${p.id} declined: ${answer.message}`,
    });
    const retry = isRebill(sale.idempotency_key) && (await recycle(trx, at, actor, p, answer.message, answer.hard));
    // One email a declined cycle: its first retry is announced, the retries' declines are not.
    if (retry && p.recycle_attempts === 0) await emailRecurringDeclined(trx, at.now, p, sale, answer.message, retry);
    return `The card was declined: ${answer.message}.`;
  },
};

/** A paid cycle: the purchase moves to it, the next bill date follows, a parcel is made. */
export async function advance(
  trx: Knex.Transaction,
  { now, today }: BookingTime,
  actor: Actor,
  p: Record<string, any>,
  cycle: number,
  paid: string,
  cardId: number | null = null,
): Promise<string> {
  const option = await trx('product_options').where({ id: p.product_option_id }).first();
  const status = afterBilling(p.status, cycle, p.final_bill_cycle);
  const next = status === 'complete' ? null : addDays(today, option.cycle_days ?? 30);
  await trx('purchases').where({ id: p.id }).update({
    status,
    billing_cycle: cycle,
    next_bill_date: next,
    next_price_cents: null,
    recycle_attempts: 0,
    updated_at: now,
  });
  const order = await trx('orders').where({ id: p.order_id }).first('public_id');
  const [f] = await trx('fulfillments')
    .insert({
      order_id: p.order_id,
      customer_id: p.customer_id,
      purchase_id: p.id,
      reference: `F-${order.public_id}-C${cycle}-${p.id}`,
      status: 'pending',
      created_at: now,
      updated_at: now,
    })
    .returning('id');
  const product = await trx('products').where({ id: option.product_id }).first('name');
  await trx('fulfillment_items').insert({
    fulfillment_id: f.id,
    product_option_id: option.id,
    name: `${product.name} — ${option.name}`,
    quantity: p.quantity,
  });
  await afterPaidCycle(trx, actor, p.id);
  const amountCents = p.quantity * (p.next_price_cents ?? p.unit_price_cents);
  await emailRecurringOrder(trx, now, p, { amountCents, cardId, nextBillDate: next });
  const summary = `Billed cycle ${cycle} of subscription #${p.id}: ${paid}; next bill ${next ?? '— (final cycle)'}`;
  await recordEvent(trx, {
    actor,
    kind: 'purchase.billed',
    customerId: p.customer_id,
    subject: { type: 'purchase', id: p.id },
    summary,
    before: { status: p.status, billing_cycle: p.billing_cycle, next_bill_date: p.next_bill_date },
    after: { status, billing_cycle: cycle, next_bill_date: next },
  });
  return summary;
}

/**
 * A declined rebill: retried or cancelled as the purchase's recycle profile says
 * (src/subscriptions/recycle-rule.ts). Answers the retry's date, or null when it cancelled.
 */
export async function recycle(
  trx: Knex.Transaction,
  { now, today }: BookingTime,
  actor: Actor,
  p: Record<string, any>,
  reason: string,
  hard = false,
): Promise<string | null> {
  const profile = await profileOfPurchase(trx, p.product_id);
  const kind = declineKind(reason, hard);
  const step = nextRecycleStep(profile.attempts, p.recycle_attempts, p.unit_price_cents, p.next_price_cents, kind);
  if (step.action === 'cancel') {
    await cancelPurchase(trx, now, actor, p.id, 'Rebill declined', step.because);
    return null;
  }
  const next = addDays(today, step.delayDays);
  const price = step.nextPriceCents;
  await trx('purchases').where({ id: p.id }).update({
    status: 'recycling',
    recycle_attempts: step.attempt,
    next_bill_date: next,
    next_price_cents: price,
    updated_at: now,
  });
  await recordEvent(trx, {
    actor,
    kind: 'purchase.recycling',
    customerId: p.customer_id,
    subject: { type: 'purchase', id: p.id },
    summary: `Rebill of subscription #${p.id} declined (${reason}, ${kind}); retry ${step.attempt} of ${step.of} on ${next}${price === null ? '' : ` at ${formatMoney(price, p.currency)} each`} (${profile.name})`,
    before: { status: p.status, next_bill_date: p.next_bill_date },
    after: { status: 'recycling', next_bill_date: next, next_price_cents: price },
  });
  return next;
}
