import { z } from 'zod';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import { findBlock } from '../blocklist/service';
import { TYPE_LABELS, type EntryType } from '../blocklist/normalize';
import type { Deps } from '../deps';
import { enqueueEmail } from '../email/outbox';
import { templates } from '../email/templates';
import { addDays, dayIn } from '../lib/clock';
import { newOrderPublicId } from '../lib/ids';
import { parseMoney } from '../lib/money';
import { fail, NotFoundError, type Result } from '../lib/results';
import { instrumentFor } from '../payments/test-cards';

export const catalog = (db: Deps['db']) =>
  db('product_options as o').join('products as p', 'p.id', 'o.product_id')
    .select('o.id', 'o.name', 'o.price_cents', 'o.trial_price_cents', 'o.trial_days', 'o.rebill_price_cents', 'o.cycle_days', 'o.final_cycle', 'o.currency', 'p.id as product_id', 'p.name as product_name', 'p.kind')
    .where({ 'o.active': true, 'p.active': true }).orderBy(['p.name', 'o.id']);

export const orderCommand = z.object({
  customer_id: z.coerce.number().int().positive(),
  quantities: z.record(z.string(), z.string()).optional().default({}),
  shipping: z.string().trim().default('4.95').transform((v, ctx) => {
    const c = parseMoney(v || '0');
    if (c === null) {
      ctx.addIssue({ code: 'custom', message: 'Enter shipping like 4.95.' });
      return z.NEVER;
    }
    return c;
  }),
  card: z.string().trim().min(1, 'Choose a card or enter a new one.'),
  new_card_number: z.string().trim().optional().default(''),
  idempotency_key: z.string().min(8, 'This form is missing its key; reload the page.'),
}).superRefine((v, ctx) => {
  if (v.card === 'new' && !/^\d{13,19}$/.test(v.new_card_number.replace(/\s/g, ''))) ctx.addIssue({ code: 'custom', path: ['new_card_number'], message: 'Enter the card number (13 to 19 digits).' });
  const lines = Object.values(v.quantities).filter((q) => q !== '' && q !== '0');
  if (!lines.length) ctx.addIssue({ code: 'custom', path: ['quantities'], message: 'Choose at least one product.' });
  if (lines.some((q) => !/^\d{1,2}$/.test(q))) ctx.addIssue({ code: 'custom', path: ['quantities'], message: 'Quantities are whole numbers from 1 to 99.' });
});

type OrderFailure = 'declined' | 'blocked' | 'errored';

/**
 * Order entry: the order, its items, the sale, purchases for continuity products (in trial), a pending
 * fulfillment and the welcome email — one transaction, the gateway called inside it with the form's
 * key. The blocklist is checked first. A decline leaves a `declined` order with the reason (soft
 * declines can be rerun), and nothing else.
 */
export async function enterOrder(deps: Deps, user: SessionUser, input: z.infer<typeof orderCommand>): Promise<Result<{ publicId: string; message: string }, OrderFailure> & { publicId?: string }> {
  const now = deps.clock.now();
  const today = dayIn(now, deps.config.tz);
  return deps.db.transaction(async (trx) => {
    const earlier = await trx('transactions as t').join('orders as o', 'o.id', 't.order_id').where('t.idempotency_key', input.idempotency_key).first('o.public_id', 'o.status');
    if (earlier) return { ok: true as const, publicId: earlier.public_id, message: `Order ${earlier.public_id} was already placed (${earlier.status}).` };
    const customer = await trx('customers').where({ id: input.customer_id }).forUpdate().first();
    if (!customer) throw new NotFoundError('That customer');
    const options = await catalog(trx as unknown as Deps['db']);
    const lines = Object.entries(input.quantities).filter(([, q]) => q && q !== '0').map(([id, q]) => ({ option: options.find((o) => String(o.id) === id), quantity: Number(q) }));
    if (lines.some((l) => !l.option)) return fail('declined', 'A product in the form is no longer sold; reload the page.');
    let cardId: number;
    if (input.card === 'new') {
      const [pi] = await trx('payment_instruments').insert({ customer_id: customer.id, ...instrumentFor(input.new_card_number.replace(/\s/g, '')) }).returning('id');
      cardId = pi.id;
    } else {
      cardId = Number(input.card);
    }
    const card = await trx('payment_instruments').where({ id: cardId, customer_id: customer.id }).first();
    if (!card) return fail('declined', 'That card does not belong to this customer.');
    const priced = lines.map((l) => ({ ...l, unit: l.option!.kind === 'continuity' ? (l.option!.trial_price_cents ?? l.option!.price_cents) : l.option!.price_cents }));
    const total = priced.reduce((s, l) => s + l.unit * l.quantity, 0) + input.shipping;
    const publicId = newOrderPublicId();
    const [order] = await trx('orders').insert({ public_id: publicId, customer_id: customer.id, status: 'pending', shipping_cents: input.shipping, created_by: user.id, created_at: now, updated_at: now }).returning('id');
    await trx('order_items').insert(priced.map((l) => ({ order_id: order.id, product_id: l.option!.product_id, product_option_id: l.option!.id, name: `${l.option!.product_name} — ${l.option!.name}`, quantity: l.quantity, unit_price_cents: l.unit })));
    const sale = { customer_id: customer.id, order_id: order.id, payment_instrument_id: card.id, type: 'sale', amount_cents: total, billing_cycle: 1, idempotency_key: input.idempotency_key, user_id: user.id, created_at: now, updated_at: now };

    const block = await findBlock(trx as unknown as Deps['db'], now, { email: customer.email, phone: customer.phone, address: customer.billing_address1, country: customer.billing_country, card_fingerprint: card.fingerprint, card_bin: card.bin });
    const decline = async (reason: string, hard: boolean, gateway: string, code: OrderFailure) => {
      await trx('orders').where({ id: order.id }).update({ status: 'declined', decline_reason: reason, hard_decline: hard });
      await trx('transactions').insert({ ...sale, status: code === 'errored' ? 'errored' : 'declined', gateway, gateway_message: reason });
      await recordEvent(trx, { actor: actorOf(user), kind: 'order.declined', customerId: customer.id, subject: { type: 'order', id: publicId }, summary: `Order ${publicId} declined: ${reason}` });
      return { ok: false as const, code, message: `Order ${publicId} was declined: ${reason}.`, publicId };
    };
    if (block) return decline(`blocked by the blocklist — ${TYPE_LABELS[block.type as EntryType].toLowerCase()} ${block.display_value} (${block.reason})`, true, 'blocklist', 'blocked');
    const answer = await deps.gateway.charge({ idempotencyKey: input.idempotency_key, token: card.gateway_token, amountCents: total, currency: 'USD' });
    if (answer.outcome === 'declined') return decline(answer.message, answer.hard, deps.gateway.name, 'declined');
    if (answer.outcome === 'errored') return decline('no answer from the gateway (it will be reconciled)', true, deps.gateway.name, 'errored');

    await trx('transactions').insert({ ...sale, status: 'pending', gateway: deps.gateway.name, gateway_reference: answer.reference, gateway_message: answer.message });
    for (const l of priced.filter((x) => x.option!.kind === 'continuity')) {
      const trialEnd = addDays(today, l.option!.trial_days ?? 14);
      await trx('purchases').insert({ order_id: order.id, customer_id: customer.id, product_id: l.option!.product_id, product_option_id: l.option!.id, payment_instrument_id: card.id,
        quantity: l.quantity, unit_price_cents: l.option!.rebill_price_cents ?? l.option!.price_cents, billing_cycle: 1, next_bill_date: trialEnd, trial_end: trialEnd,
        final_bill_cycle: l.option!.final_cycle, status: 'trial', created_at: now, updated_at: now });
    }
    const [f] = await trx('fulfillments').insert({ order_id: order.id, customer_id: customer.id, reference: `F-${publicId}`, status: 'pending', created_at: now, updated_at: now }).returning('id');
    await trx('fulfillment_items').insert(priced.map((l) => ({ fulfillment_id: f.id, product_option_id: l.option!.id, name: `${l.option!.product_name} — ${l.option!.name}`, quantity: l.quantity })));
    const items = priced.map((l) => ({ name: `${l.option!.product_name} — ${l.option!.name}`, quantity: l.quantity, price_cents: l.unit * l.quantity }));
    await enqueueEmail(trx, now, customer.email, templates.welcome(customer, { orderId: publicId, currency: 'USD', items, totalCents: total }), customer.id);
    await recordEvent(trx, { actor: actorOf(user), kind: 'order.created', customerId: customer.id, subject: { type: 'order', id: publicId }, summary: `Placed order ${publicId}: ${items.map((i) => `${i.quantity} × ${i.name}`).join(', ')}` });
    return { ok: true as const, publicId, message: `Order ${publicId} placed and charged.` };
  });
}
