import type { Knex } from 'knex';
import { recordEvent, type Actor } from '../audit/record';
import type { Deps } from '../deps';
import { addDays, dayIn } from '../lib/clock';
import { formatMoney } from '../lib/money';
import { fail, NotFoundError, type Result } from '../lib/results';
import { blockedBecause, sendCharge, startCharge, type BookingTime, type ChargePurpose } from '../payments/charges';
import { cancelPurchase } from './cancellation';
import { afterBilling, decidePurchase } from './states';

export type BillFailure = 'not_allowed' | 'blocked' | 'declined' | 'errored' | 'no_card' | 'in_flight';

/** Rebill declines retried on the next two daily runs, then the subscription is cancelled. */
export const REBILL_ATTEMPTS = 3;
const isRebill = (key: string) => key.startsWith('rebill:');

/**
 * Bills the next cycle of a purchase now (force bill, and the daily rebill). A short transaction
 * with the purchase and the customer locked checks the rule, the blocklist (a blocked charge never
 * reaches the gateway) and that no earlier charge of this purchase is still unresolved; the credit
 * balance is used first; what is left is charged through the one charge path (payments/charges.ts)
 * with the form's or the rebill's idempotency key. Success advances the cycle and creates a
 * fulfillment; a decline is recorded and changes nothing else (the rebill recycles it).
 */
export async function billPurchase(
  deps: Deps,
  actor: Actor,
  purchaseId: number,
  key: string,
): Promise<Result<{ message: string; replayed?: boolean }, BillFailure | 'replayed'>> {
  const now = deps.clock.now();
  const at = { now, today: dayIn(now, deps.config.tz) };
  const started = await deps.db.transaction(async (trx) => {
    const p = await trx('purchases').where({ id: purchaseId }).forUpdate().first();
    if (!p) throw new NotFoundError('That subscription');
    const earlier = await trx('transactions').where({ idempotency_key: key }).first();
    if (earlier) {
      if (earlier.status === 'declined') return fail('replayed', `Already tried: ${earlier.gateway_message}.`);
      if (earlier.status === 'sending' || earlier.status === 'errored')
        return fail('in_flight', 'This charge is still being checked with the gateway; its outcome will show here.');
      return { ok: true as const, message: 'Already billed.', replayed: true };
    }
    const rule = decidePurchase('bill', p.status);
    if (!rule.ok) return rule;
    const unresolved = await trx('transactions')
      .where({ purchase_id: p.id, type: 'sale' })
      .whereIn('status', ['sending', 'errored'])
      .first('id');
    if (unresolved)
      return fail(
        'in_flight',
        `Charge #${unresolved.id} of this subscription is still being checked with the gateway; bill again once its outcome shows.`,
      );
    const customer = await trx('customers').where({ id: p.customer_id }).forUpdate().first();
    const card = p.payment_instrument_id
      ? await trx('payment_instruments').where({ id: p.payment_instrument_id }).first()
      : null;
    const cycle = p.billing_cycle + 1;
    const amount = p.quantity * (p.next_price_cents ?? p.unit_price_cents);

    const block = await blockedBecause(trx, now, customer, card);
    if (block) {
      const blocked = `Blocked before the gateway by the blocklist: ${block.entry}`;
      await trx('transactions').insert({
        customer_id: p.customer_id,
        order_id: p.order_id,
        purchase_id: p.id,
        payment_instrument_id: p.payment_instrument_id,
        type: 'sale',
        status: 'declined',
        amount_cents: amount,
        currency: p.currency,
        billing_cycle: cycle,
        gateway: 'blocklist',
        gateway_message: blocked,
        idempotency_key: key,
        created_at: now,
        updated_at: now,
      });
      await recordEvent(trx, {
        actor,
        kind: 'purchase.bill_blocked',
        customerId: p.customer_id,
        subject: { type: 'purchase', id: p.id },
        summary: `Billing of subscription #${p.id} refused: ${blocked}`,
      });
      // A blocked customer will not pass tomorrow either: the rebill stops the subscription.
      if (isRebill(key))
        await cancelPurchase(
          trx,
          now,
          actor,
          p.id,
          `Blocklisted (${block.reason})`,
          'the customer is on the blocklist',
        );
      return fail('blocked', `${blocked}.`);
    }
    const credit = Math.min(Number(customer.credit_balance_cents), amount);
    const charge = amount - credit;
    if (charge > 0 && !card) return fail('no_card', 'This subscription has no card on file to charge.');
    if (charge === 0) {
      await trx('customers').where({ id: customer.id }).decrement('credit_balance_cents', credit);
      return {
        ok: true as const,
        message: await advance(trx, at, actor, p, cycle, `${formatMoney(credit, p.currency)} from credit`),
      };
    }
    return {
      sale: await startCharge(trx, now, deps.gateway.name, {
        customer_id: p.customer_id,
        order_id: p.order_id,
        purchase_id: p.id,
        payment_instrument_id: card.id,
        amount_cents: charge,
        currency: p.currency,
        billing_cycle: cycle,
        idempotency_key: key,
        user_id: actor.kind === 'user' ? actor.id : null,
        credit_used_cents: credit,
      }),
    };
  });
  if (!('sale' in started) || !started.sale) return started as Exclude<typeof started, { sale: unknown }>;
  const result = await sendCharge(deps, started.sale, purchaseCharge, actor);
  if (result.outcome === 'approved') return { ok: true, message: result.message };
  return fail(result.outcome, result.message);
}

/** How a subscription's charge is booked, by the billing above or by the reconciler later. */
export const purchaseCharge: ChargePurpose = {
  async approved(trx, at, sale, actor) {
    const p = await trx('purchases').where({ id: sale.purchase_id }).forUpdate().first();
    const credit = Number(sale.credit_used_cents);
    const paid = [
      `${formatMoney(sale.amount_cents, sale.currency)} on the card`,
      credit ? `${formatMoney(credit, sale.currency)} from credit` : '',
    ]
      .filter(Boolean)
      .join(' + ');
    // Booked late (by the reconciler) after the cycle moved on some other way: the money is kept
    // on record, the cycle is not advanced twice.
    if (p.billing_cycle >= sale.billing_cycle)
      return `Charge #${sale.id} for cycle ${sale.billing_cycle} booked: ${paid}`;
    return advance(trx, at, actor, p, sale.billing_cycle, paid);
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
    if (isRebill(sale.idempotency_key)) await recycle(trx, at, actor, p, answer.message);
    return `The card was declined: ${answer.message}.`;
  },
};

/** A paid cycle: the purchase moves to it, the next bill date follows, a parcel is made. */
async function advance(
  trx: Knex.Transaction,
  { now, today }: BookingTime,
  actor: Actor,
  p: Record<string, any>,
  cycle: number,
  paid: string,
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

async function recycle(
  trx: Knex.Transaction,
  { now, today }: BookingTime,
  actor: Actor,
  p: Record<string, any>,
  reason: string,
) {
  const attempts = p.recycle_attempts + 1;
  if (attempts >= REBILL_ATTEMPTS) {
    await cancelPurchase(trx, now, actor, p.id, 'Rebill declined', `its rebill was declined ${REBILL_ATTEMPTS} times`);
    return;
  }
  await trx('purchases')
    .where({ id: p.id })
    .update({ status: 'recycling', recycle_attempts: attempts, next_bill_date: addDays(today, 1), updated_at: now });
  await recordEvent(trx, {
    actor,
    kind: 'purchase.recycling',
    customerId: p.customer_id,
    subject: { type: 'purchase', id: p.id },
    summary: `Rebill of subscription #${p.id} declined (${reason}); retry ${attempts} of ${REBILL_ATTEMPTS - 1} tomorrow`,
    before: { status: p.status },
    after: { status: 'recycling' },
  });
}
