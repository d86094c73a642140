import { z } from 'zod';
import { actorOf, userIdOf } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Deps } from '../deps';
import { newOrderPublicId } from '../lib/ids';
import { parseMoney } from '../lib/money';
import { idempotencyKey } from '../http/forms';
import { NotFoundError, type Failure, type Result } from '../lib/results';
import { blockedBecause } from '../blocklist/service';
import { startCharge } from '../payments/charges';
import {
  amountMismatch,
  finishCharge,
  gatewayOf,
  instrumentOf,
  orderSaleAttempt,
  priceLines,
  type LineInput,
  type Payment,
} from './checkout';
import { declineOrder, orderCharge } from './order-charge';

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

/** What places an order, whichever door it comes through (the order entry form, or the API). */
export interface OrderInput {
  customerId: number;
  lines: LineInput[];
  shippingCents: number;
  payment: Payment;
  idempotencyKey: string;
}

/** The order entry form, as the order it describes. */
export const formOrder = (input: z.infer<typeof orderCommand>): OrderInput => ({
  customerId: input.customer_id,
  lines: Object.entries(input.quantities)
    .filter(([, q]) => q && q !== '0')
    .map(([id, q]) => ({ optionId: Number(id), quantity: Number(q) })),
  shippingCents: input.shipping,
  payment:
    input.card === 'new'
      ? { kind: 'card', number: input.new_card_number.replace(/\s/g, '') }
      : { kind: 'instrument', id: Number(input.card) },
  idempotencyKey: input.idempotency_key,
});

type OrderFailure = 'declined' | 'blocked' | 'errored' | 'unknown_product' | 'amount_mismatch';
export type OrderResult = Result<{ publicId: string; message: string }, OrderFailure> & { publicId?: string };

export const enterOrder = (deps: Deps, user: SessionUser, input: z.infer<typeof orderCommand>) =>
  placeOrder(deps, user, formOrder(input));

/**
 * Order entry: one short transaction writes the order, its items and the sale attempt (or, when the
 * blocklist stops it, a declined order that never reached the gateway); the card is then charged
 * through the one charge path with the caller's key, and the answer booked by `orderCharge`: approved
 * → purchases in trial for continuity products, a pending fulfillment and the welcome email;
 * declined → a `declined` order with the reason (soft declines can be rerun); unknown → the order
 * waits while the reconciler asks the gateway. A repeated key answers with the order it placed.
 */
export async function placeOrder(deps: Deps, user: SessionUser, input: OrderInput): Promise<OrderResult> {
  const now = deps.clock.now();
  const started = await deps.db.transaction(async (trx) => {
    const earlier = await trx('transactions as t')
      .join('orders as o', 'o.id', 't.order_id')
      .where('t.idempotency_key', input.idempotencyKey)
      .first('o.public_id', 'o.status');
    if (earlier)
      return {
        ok: true as const,
        publicId: earlier.public_id,
        message: `Order ${earlier.public_id} was already placed (${earlier.status}).`,
      };
    const customer = await trx('customers').where({ id: input.customerId }).forUpdate().first();
    if (!customer) throw new NotFoundError('That customer');
    const lines = await priceLines(trx, input.lines);
    if (!Array.isArray(lines)) return lines;
    const card = await instrumentOf(trx, deps.gateway, customer.id, input.payment);
    if (card && 'ok' in card) return card as Failure<'declined'>;
    const total = lines.reduce((s, l) => s + l.unit * l.quantity, 0) + input.shippingCents;
    const mismatch = amountMismatch(input.payment, total);
    if (mismatch) return mismatch;
    const publicId = newOrderPublicId();
    const [order] = await trx('orders')
      .insert({
        public_id: publicId,
        customer_id: customer.id,
        status: 'pending',
        shipping_cents: input.shippingCents,
        created_by: userIdOf(user),
        created_at: now,
        updated_at: now,
      })
      .returning('id');
    const ids = { customerId: customer.id, orderId: order.id, card, totalCents: total, key: input.idempotencyKey };
    const attempt = orderSaleAttempt(ids, userIdOf(user));
    const block = await blockedBecause(trx, now, customer, card);
    const gateway = gatewayOf(input.payment, deps.gateway);
    const sale = block
      ? (
          await trx('transactions')
            .insert({
              ...attempt,
              type: 'sale',
              status: 'declined',
              gateway: 'blocklist',
              created_at: now,
              updated_at: now,
            })
            .returning('*')
        )[0]
      : await startCharge(trx, now, gateway, attempt);
    await trx('order_items').insert(
      lines.map((l) => ({
        order_id: order.id,
        sale_id: sale.id,
        product_id: l.option.product_id,
        product_option_id: l.option.id,
        name: `${l.option.product_name} — ${l.option.name}`,
        quantity: l.quantity,
        unit_price_cents: l.unit,
      })),
    );
    if (!block) return { sale, publicId };
    const reason = `blocked by the blocklist — ${block.entry}`;
    await trx('transactions').where({ id: sale.id }).update({ gateway_message: reason });
    await declineOrder(trx, actorOf(user), { order_id: order.id, customer_id: customer.id }, reason, true);
    return {
      ok: false as const,
      code: 'blocked' as const,
      message: `Order ${publicId} was declined: ${reason}.`,
      publicId,
    };
  });
  if (!('sale' in started)) return started;
  const result = await finishCharge(deps, started.sale, input.payment, orderCharge, actorOf(user));
  if (result.outcome === 'approved') return { ok: true, publicId: started.publicId, message: result.message };
  return { ok: false, code: result.outcome, message: result.message, publicId: started.publicId };
}
