import type { Knex } from 'knex';
import { z } from 'zod';
import { actorOf, recordEvent, type Actor } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Deps } from '../deps';
import { enqueueEmail } from '../email/outbox';
import { templates } from '../email/templates';
import { addDays } from '../lib/clock';
import { newOrderPublicId } from '../lib/ids';
import { parseMoney } from '../lib/money';
import { idempotencyKey } from '../http/forms';
import { fail, NotFoundError, type Result } from '../lib/results';
import { blockedBecause, sendCharge, startCharge, type ChargePurpose } from '../payments/charges';
import { instrumentFor } from '../payments/test-cards';

export const catalog = (db: Deps['db']) =>
  db('product_options as o')
    .join('products as p', 'p.id', 'o.product_id')
    .select(
      'o.id',
      'o.name',
      'o.price_cents',
      'o.trial_price_cents',
      'o.trial_days',
      'o.rebill_price_cents',
      'o.cycle_days',
      'o.final_cycle',
      'o.currency',
      'p.id as product_id',
      'p.name as product_name',
      'p.kind',
    )
    .where({ 'o.active': true, 'p.active': true })
    .orderBy(['p.name', 'o.id']);

export const orderCommand = z
  .object({
    customer_id: z.coerce.number().int().positive(),
    quantities: z.record(z.string(), z.string()).optional().default({}),
    shipping: z
      .string()
      .trim()
      .default('4.95')
      .transform((v, ctx) => {
        const c = parseMoney(v || '0');
        if (c === null) {
          ctx.addIssue({ code: 'custom', message: 'Enter shipping like 4.95.' });
          return z.NEVER;
        }
        return c;
      }),
    card: z.string().trim().min(1, 'Choose a card or enter a new one.'),
    new_card_number: z.string().trim().optional().default(''),
    idempotency_key: idempotencyKey,
  })
  .superRefine((v, ctx) => {
    if (v.card === 'new' && !/^\d{13,19}$/.test(v.new_card_number.replace(/\s/g, '')))
      ctx.addIssue({ code: 'custom', path: ['new_card_number'], message: 'Enter the card number (13 to 19 digits).' });
    const lines = Object.values(v.quantities).filter((q) => q !== '' && q !== '0');
    if (!lines.length) ctx.addIssue({ code: 'custom', path: ['quantities'], message: 'Choose at least one product.' });
    if (lines.some((q) => !/^\d{1,2}$/.test(q)))
      ctx.addIssue({ code: 'custom', path: ['quantities'], message: 'Quantities are whole numbers from 1 to 99.' });
  });

type OrderFailure = 'declined' | 'blocked' | 'errored';
type Line = { option: Record<string, any>; quantity: number; unit: number };

/**
 * Order entry: one short transaction writes the order, its items and the sale attempt (or, when the
 * blocklist stops it, a declined order that never reached the gateway); the card is then charged
 * through the one charge path with the form's key, and the answer booked by `orderCharge`: approved
 * → purchases in trial for continuity products, a pending fulfillment and the welcome email;
 * declined → a `declined` order with the reason (soft declines can be rerun); unknown → the order
 * waits while the reconciler asks the gateway.
 */
export async function enterOrder(
  deps: Deps,
  user: SessionUser,
  input: z.infer<typeof orderCommand>,
): Promise<Result<{ publicId: string; message: string }, OrderFailure> & { publicId?: string }> {
  const now = deps.clock.now();
  const started = await deps.db.transaction(async (trx) => {
    const earlier = await trx('transactions as t')
      .join('orders as o', 'o.id', 't.order_id')
      .where('t.idempotency_key', input.idempotency_key)
      .first('o.public_id', 'o.status');
    if (earlier)
      return {
        ok: true as const,
        publicId: earlier.public_id,
        message: `Order ${earlier.public_id} was already placed (${earlier.status}).`,
      };
    const customer = await trx('customers').where({ id: input.customer_id }).forUpdate().first();
    if (!customer) throw new NotFoundError('That customer');
    const options = await catalog(trx as unknown as Deps['db']);
    const chosen = Object.entries(input.quantities)
      .filter(([, q]) => q && q !== '0')
      .map(([id, q]) => ({ option: options.find((o) => String(o.id) === id), quantity: Number(q) }));
    if (chosen.some((l) => !l.option))
      return fail('declined', 'A product in the form is no longer sold; reload the page.');
    const lines: Line[] = chosen.map((l) => ({
      option: l.option!,
      quantity: l.quantity,
      unit:
        l.option!.kind === 'continuity'
          ? (l.option!.trial_price_cents ?? l.option!.price_cents)
          : l.option!.price_cents,
    }));
    const cardId =
      input.card === 'new'
        ? (
            await trx('payment_instruments')
              .insert({ customer_id: customer.id, ...instrumentFor(input.new_card_number.replace(/\s/g, '')) })
              .returning('id')
          )[0].id
        : Number(input.card);
    const card = await trx('payment_instruments').where({ id: cardId, customer_id: customer.id }).first();
    if (!card) return fail('declined', 'That card does not belong to this customer.');
    const total = lines.reduce((s, l) => s + l.unit * l.quantity, 0) + input.shipping;
    const publicId = newOrderPublicId();
    const [order] = await trx('orders')
      .insert({
        public_id: publicId,
        customer_id: customer.id,
        status: 'pending',
        shipping_cents: input.shipping,
        created_by: user.id,
        created_at: now,
        updated_at: now,
      })
      .returning('id');
    await trx('order_items').insert(
      lines.map((l) => ({
        order_id: order.id,
        product_id: l.option.product_id,
        product_option_id: l.option.id,
        name: `${l.option.product_name} — ${l.option.name}`,
        quantity: l.quantity,
        unit_price_cents: l.unit,
      })),
    );
    const attempt = {
      customer_id: customer.id,
      order_id: order.id,
      purchase_id: null,
      payment_instrument_id: card.id,
      amount_cents: total,
      currency: 'USD',
      billing_cycle: 1,
      idempotency_key: input.idempotency_key,
      user_id: user.id,
    };
    const block = await blockedBecause(trx, now, customer, card);
    if (block) {
      const reason = `blocked by the blocklist — ${block.entry}`;
      await trx('transactions').insert({
        ...attempt,
        type: 'sale',
        status: 'declined',
        gateway: 'blocklist',
        gateway_message: reason,
        created_at: now,
        updated_at: now,
      });
      await declineOrder(trx, actorOf(user), { order_id: order.id, customer_id: customer.id }, reason, true);
      return {
        ok: false as const,
        code: 'blocked' as const,
        message: `Order ${publicId} was declined: ${reason}.`,
        publicId,
      };
    }
    return { sale: await startCharge(trx, now, deps.gateway.name, attempt), publicId };
  });
  if (!('sale' in started) || !started.sale) return started as Exclude<typeof started, { sale: unknown }>;
  const result = await sendCharge(deps, started.sale, orderCharge, actorOf(user));
  if (result.outcome === 'approved') return { ok: true, publicId: started.publicId, message: result.message };
  return { ok: false, code: result.outcome, message: result.message, publicId: started.publicId };
}

/** How an order's charge is booked, by order entry above or by the reconciler later. */
export const orderCharge: ChargePurpose = {
  async approved(trx, { now, today }, sale, actor) {
    const order = await trx('orders').where({ id: sale.order_id }).forUpdate().first();
    const customer = await trx('customers').where({ id: order.customer_id }).first();
    const items = await trx('order_items as i')
      .join('product_options as o', 'o.id', 'i.product_option_id')
      .join('products as p', 'p.id', 'i.product_id')
      .select('i.*', 'o.trial_days', 'o.rebill_price_cents', 'o.price_cents', 'o.final_cycle', 'p.kind')
      .where('i.order_id', order.id)
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
    const [f] = await trx('fulfillments')
      .insert({
        order_id: order.id,
        customer_id: order.customer_id,
        reference: `F-${order.public_id}`,
        status: 'pending',
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
  async declined(trx, _at, sale, actor, answer) {
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

async function declineOrder(
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
