import type { Knex } from 'knex';
import { recordEvent, type Actor } from '../audit/record';
import { enqueueEmail } from '../email/outbox';
import { templates } from '../email/templates';
import { addDays } from '../lib/clock';
import { grantClubsForOrder } from '../customers/memberships';
import type { ChargePurpose } from '../payments/charges';
import { holdForReview } from '../qa/holds';

/**
 * How an order's charge is booked, by order entry, an upsell or the reconciler later. Each sale pays for
 * its own items (`order_items.sale_id`): the order's first sale for what was ordered, a later one for
 * an upsell; so booking an upsell opens purchases and a fulfillment for the added items only.
 */
export const orderCharge: ChargePurpose = {
  async approved(trx, { now, today }, sale, actor) {
    const order = await trx('orders').where({ id: sale.order_id }).forUpdate().first();
    const customer = await trx('customers').where({ id: order.customer_id }).first();
    const upsell = await isUpsell(trx, sale);
    const items = await trx('order_items as i')
      .join('product_options as o', 'o.id', 'i.product_option_id')
      .join('products as p', 'p.id', 'i.product_id')
      .select('i.*', 'o.trial_days', 'o.rebill_price_cents', 'o.price_cents', 'o.final_cycle', 'p.kind')
      .where('i.order_id', order.id)
      .where((q) => (upsell ? q.where('i.sale_id', sale.id) : q.where('i.sale_id', sale.id).orWhereNull('i.sale_id')))
      .orderBy('i.id');
    for (const i of items.filter((x) => x.kind === 'continuity')) {
      const trialEnd = addDays(today, i.trial_days ?? 14);
      await trx('purchases').insert({
        order_id: order.id,
        customer_id: order.customer_id,
        product_id: i.product_id,
        product_option_id: i.product_option_id,
        payment_instrument_id: sale.payment_instrument_id,
        quantity: i.quantity,
        unit_price_cents: i.rebill_price_cents ?? i.price_cents,
        billing_cycle: 1,
        next_bill_date: trialEnd,
        trial_end: trialEnd,
        final_bill_cycle: i.final_cycle,
        status: 'trial',
        created_at: now,
        updated_at: now,
      });
    }
    await grantClubsForOrder(trx, now, actor, order.id, order.customer_id, [
      ...new Set(items.map((i) => i.product_id)),
    ]);
    // A new order the QA rules hold ships nothing until a person approves it (src/qa/).
    const held = !upsell && (await holdForReview(trx, now, actor, order, customer, sale));
    const [f] = await trx('fulfillments')
      .insert({
        order_id: order.id,
        customer_id: order.customer_id,
        reference: upsell ? `F-${order.public_id}-U${sale.id}` : `F-${order.public_id}`,
        status: held ? 'hold' : 'pending',
        created_at: now,
        updated_at: now,
      })
      .returning('id');
    await trx('fulfillment_items').insert(
      items.map((i) => ({
        fulfillment_id: f.id,
        product_option_id: i.product_option_id,
        name: i.name,
        quantity: i.quantity,
      })),
    );
    const lines = items.map((i) => ({
      name: i.name,
      quantity: i.quantity,
      price_cents: i.unit_price_cents * i.quantity,
    }));
    if (upsell) {
      await recordEvent(trx, {
        actor,
        kind: 'order.upsold',
        customerId: customer.id,
        subject: { type: 'order', id: order.public_id },
        summary: `Added to order ${order.public_id} and charged: ${lines.map((i) => `${i.quantity} × ${i.name}`).join(', ')}`,
      });
      return `Added to order ${order.public_id} and charged.`;
    }
    await enqueueEmail(
      trx,
      now,
      customer.email,
      templates.welcome(customer, {
        orderId: order.public_id,
        currency: sale.currency,
        items: lines,
        totalCents: Number(sale.amount_cents),
      }),
      customer.id,
    );
    await recordEvent(trx, {
      actor,
      kind: 'order.created',
      customerId: customer.id,
      subject: { type: 'order', id: order.public_id },
      summary: `Placed order ${order.public_id}: ${lines.map((i) => `${i.quantity} × ${i.name}`).join(', ')}`,
    });
    return `Order ${order.public_id} placed and charged.`;
  },
  async declined(trx, { now }, sale, actor, answer) {
    if (await isUpsell(trx, sale)) return declineUpsell(trx, now, sale, actor, answer.message);
    const publicId = await declineOrder(
      trx,
      actor,
      { order_id: sale.order_id, customer_id: sale.customer_id },
      answer.message,
      answer.hard,
    );
    return `Order ${publicId} was declined: ${answer.message}.`;
  },
};

export async function declineOrder(
  trx: Knex.Transaction,
  actor: Actor,
  sale: { order_id: number; customer_id: number },
  reason: string,
  hard: boolean,
): Promise<string> {
  const [order] = await trx('orders')
    .where({ id: sale.order_id })
    .update({ status: 'declined', decline_reason: reason, hard_decline: hard })
    .returning('public_id');
  await recordEvent(trx, {
    actor,
    kind: 'order.declined',
    customerId: sale.customer_id,
    subject: { type: 'order', id: order.public_id },
    summary: `Order ${order.public_id} declined: ${reason}`,
  });
  return order.public_id;
}

/** A sale on an order that already had one (not a subscription's rebill) is an upsell. */
const isUpsell = async (trx: Knex.Transaction, sale: Record<string, any>) =>
  Boolean(
    await trx('transactions')
      .where({ order_id: sale.order_id, type: 'sale' })
      .whereNull('purchase_id')
      .where('id', '<', sale.id)
      .first('id'),
  );

/** A declined upsell leaves the order as it was: only the items it would have added are cancelled. */
async function declineUpsell(
  trx: Knex.Transaction,
  now: Date,
  sale: Record<string, any>,
  actor: Actor,
  reason: string,
): Promise<string> {
  await trx('order_items').where({ sale_id: sale.id }).update({ cancelled_at: now });
  const order = await trx('orders').where({ id: sale.order_id }).first('public_id');
  await recordEvent(trx, {
    actor,
    kind: 'order.upsell_declined',
    customerId: sale.customer_id,
    subject: { type: 'order', id: order.public_id },
    summary: `Upsell on order ${order.public_id} declined: ${reason}`,
  });
  return `The upsell on order ${order.public_id} was declined: ${reason}.`;
}
