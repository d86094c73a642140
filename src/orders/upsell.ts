import { actorOf, userIdOf } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Deps } from '../deps';
import { fail, NotFoundError, type Failure } from '../lib/results';
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
import type { OrderResult } from './entry';
import { orderCharge } from './order-charge';

export interface UpsellInput {
  lines: LineInput[];
  /** Without one, the card the order was paid with (the one-click upsell after checkout). */
  payment?: Payment;
  idempotencyKey: string;
}

/**
 * Adds items to a placed order and charges them on a sale of their own, through the same charge path
 * as order entry; `orderCharge` books it as an upsell (purchases and a fulfillment for these items).
 */
export async function addUpsell(
  deps: Deps,
  user: SessionUser,
  publicId: string,
  input: UpsellInput,
): Promise<OrderResult | Failure<'not_allowed'>> {
  const now = deps.clock.now();
  const started = await deps.db.transaction(async (trx) => {
    const order = await trx('orders').where({ public_id: publicId }).forUpdate().first();
    if (!order) throw new NotFoundError('That order');
    const earlier = await trx('transactions').where({ idempotency_key: input.idempotencyKey }).first('order_id');
    if (earlier)
      return earlier.order_id === order.id
        ? { ok: true as const, publicId, message: `This upsell was already added to order ${publicId}.` }
        : fail('not_allowed', 'This idempotency key was already used for another order.');
    if (!['pending', 'complete'].includes(order.status))
      return fail('not_allowed', `Order ${publicId} is ${order.status}; only a placed order takes an upsell.`);
    const first = await trx('transactions')
      .where({ order_id: order.id, type: 'sale' })
      .whereNull('purchase_id')
      .orderBy('id')
      .first('payment_instrument_id');
    const payment: Payment = input.payment ?? { kind: 'instrument', id: Number(first?.payment_instrument_id) };
    const lines = await priceLines(trx, input.lines);
    if (!Array.isArray(lines)) return lines;
    const customer = await trx('customers').where({ id: order.customer_id }).first();
    const card = await instrumentOf(trx, deps.gateway, customer.id, payment);
    if (card && 'ok' in card) return card as Failure<'declined'>;
    const total = lines.reduce((s, l) => s + l.unit * l.quantity, 0);
    const mismatch = amountMismatch(payment, total);
    if (mismatch) return mismatch;
    const block = await blockedBecause(trx, now, customer, card);
    if (block) return fail('blocked', `The upsell was refused: blocked by the blocklist — ${block.entry}.`);
    const ids = { customerId: customer.id, orderId: order.id, card, totalCents: total, key: input.idempotencyKey };
    const sale = await startCharge(trx, now, gatewayOf(payment, deps.gateway), orderSaleAttempt(ids, userIdOf(user)));
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
    return { sale, payment };
  });
  if (!('sale' in started) || !started.sale) return started as Exclude<typeof started, { sale: unknown }>;
  const result = await finishCharge(deps, started.sale, started.payment, orderCharge, actorOf(user));
  if (result.outcome === 'approved') return { ok: true, publicId, message: result.message };
  return { ok: false, code: result.outcome, message: result.message, publicId };
}
