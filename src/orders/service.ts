import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Deps } from '../deps';
import { enqueueEmail } from '../email/outbox';
import { templates } from '../email/templates';
import { fail, NotFoundError, type Result } from '../lib/results';
import { refundTransaction, voidTransaction, type MoneyBackResult } from '../payments/refunds';
import type { RefundOptions } from '../payments/refund-options';
import { canRefund, canVoid, refundableCents, saleStateOf, type SaleStatus } from '../payments/states';
import { OPEN_FULFILLMENT_STATUSES } from '../fulfillments/states';
import { cancelPurchase } from '../subscriptions/cancellation';
import { LIVE_PURCHASE_STATUSES } from '../subscriptions/states';

export interface SaleOutcome {
  saleId: number;
  action: 'void' | 'refund';
  result: MoneyBackResult;
}

type Sale = {
  id: number;
  status: SaleStatus;
  amount_cents: number;
  refunded_cents: number;
  queued_cents: number;
  billing_cycle: number | null;
  currency: string;
};

/** The order's own charge: what was paid when it was placed (cycle 1), not its subscriptions' rebills. */
export const isOrderCharge = (s: Pick<Sale, 'billing_cycle'>) => (s.billing_cycle ?? 1) === 1;

/** What giving a sale's money back would move now: a void takes the whole unsettled amount, a refund what is left; 0 if neither is possible. */
export function givesBack(s: Sale): { action: 'void' | 'refund'; cents: number } | null {
  if (canVoid(saleStateOf(s))) return { action: 'void', cents: Number(s.amount_cents) };
  if (canRefund(saleStateOf(s))) return { action: 'refund', cents: refundableCents(saleStateOf(s)) };
  return null;
}

/**
 * Refund from the order: each chosen charge of the order (by default the order's own charge, never
 * its rebills unless chosen) is voided while unsettled and refunded once settled, through the single
 * refund/void path with a key derived from the form's; a refused void says the charge can be
 * refunded only after it settles. The order becomes `refunded` once every charge on it is refunded
 * or voided.
 */
export async function refundOrder(
  deps: Deps,
  user: SessionUser,
  publicId: string,
  reason: string,
  key: string,
  saleIds?: number[],
  options: RefundOptions = {},
): Promise<{ outcomes: SaleOutcome[]; totalCents: number }> {
  const order = await deps.db('orders').where({ public_id: publicId.toUpperCase() }).first();
  if (!order) throw new NotFoundError('That order');
  const sales: Sale[] = await deps.db('transactions').where({ order_id: order.id, type: 'sale' }).orderBy('id');
  const chosen = saleIds ? sales.filter((s) => saleIds.includes(s.id)) : sales.filter(isOrderCharge);
  const outcomes: SaleOutcome[] = [];
  let totalCents = 0;
  for (const s of chosen) {
    const back = givesBack(s);
    if (!back) continue;
    const input = { idempotencyKey: `${key}:${s.id}:${back.action}`, reason, ...options };
    const result =
      back.action === 'void'
        ? await voidTransaction(deps, user, s.id, input)
        : await refundTransaction(deps, user, s.id, input);
    if (result.ok) totalCents += result.amountCents;
    const explained =
      result.ok || back.action === 'refund' || result.code !== 'gateway_declined'
        ? result
        : {
            ...result,
            message: `${result.message} It has not settled yet, so it can be refunded only after settlement.`,
          };
    outcomes.push({ saleId: s.id, action: back.action, result: explained });
  }
  await followCharges(deps, user, order.id);
  return { outcomes, totalCents };
}

/** The order's status follows its charges: all refunded or voided → `refunded`. */
export async function followCharges(deps: Deps, user: SessionUser, orderId: number) {
  await deps.db.transaction(async (trx) => {
    const order = await trx('orders').where({ id: orderId }).forUpdate().first();
    const sales = await trx('transactions').where({ order_id: orderId, type: 'sale' }).whereNot('status', 'declined');
    if (
      !sales.length ||
      ['refunded', 'cancelled'].includes(order.status) ||
      !sales.every((s) => s.status === 'refunded' || s.status === 'voided')
    )
      return;
    await trx('orders').where({ id: orderId }).update({ status: 'refunded', updated_at: deps.clock.now() });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'order.refunded',
      customerId: order.customer_id,
      subject: { type: 'order', id: order.public_id },
      summary: `Order ${order.public_id} is refunded: every charge on it was refunded or voided`,
      before: { status: order.status },
      after: { status: 'refunded' },
    });
  });
}

/**
 * Cancel an order (all items, or the ones chosen): open fulfillments of the order are cancelled, its
 * live purchases stop, the customer is emailed — one transaction. The optional full refund then runs
 * sale by sale through `refundOrder` (each its own locked transaction with the gateway).
 */
export async function cancelOrder(
  deps: Deps,
  user: SessionUser,
  publicId: string,
  input: { reason: string; itemIds?: number[]; refund: boolean; key: string },
): Promise<
  Result<
    { cancelledItems: number; cancelledFulfillments: number; cancelledPurchases: number; refunds: SaleOutcome[] },
    'already_cancelled' | 'no_items'
  >
> {
  const now = deps.clock.now();
  const done = await deps.db.transaction(async (trx) => {
    const order = await trx('orders').where({ public_id: publicId.toUpperCase() }).forUpdate().first();
    if (!order) throw new NotFoundError('That order');
    if (order.status === 'cancelled') return fail('already_cancelled', 'This order is already cancelled.');
    const open = await trx('order_items').where({ order_id: order.id }).whereNull('cancelled_at');
    const chosen = input.itemIds?.length ? open.filter((i) => input.itemIds!.includes(i.id)) : open;
    if (!chosen.length) return fail('no_items', 'Choose at least one item that is not cancelled yet.');
    await trx('order_items')
      .whereIn(
        'id',
        chosen.map((i) => i.id),
      )
      .update({ cancelled_at: now });
    const whole = chosen.length === open.length;
    const fulfillments = await trx('fulfillments')
      .where({ order_id: order.id })
      .whereIn('status', OPEN_FULFILLMENT_STATUSES)
      .update({ status: 'cancelled', updated_at: now });
    const optionIds = chosen.map((i) => i.product_option_id);
    const live = await trx('purchases')
      .where({ order_id: order.id })
      .whereIn('status', LIVE_PURCHASE_STATUSES)
      .whereIn('product_option_id', optionIds)
      .pluck('id');
    let purchases = 0;
    for (const id of live)
      purchases += Number(
        await cancelPurchase(trx, now, actorOf(user), id, input.reason, `order ${order.public_id} was cancelled`),
      );
    await trx('orders')
      .where({ id: order.id })
      .update({
        status: whole ? 'cancelled' : 'partial',
        cancel_reason: whole ? input.reason : order.cancel_reason,
        cancelled_at: whole ? now : null,
        updated_at: now,
      });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'order.cancelled',
      customerId: order.customer_id,
      subject: { type: 'order', id: order.public_id },
      summary: `Cancelled ${whole ? 'order' : `${chosen.length} item(s) of order`} ${order.public_id} — ${input.reason}: ${chosen.map((i) => i.name).join(', ')}; ${fulfillments} open fulfillment(s) and ${purchases} subscription(s) cancelled`,
      before: { status: order.status },
      after: { status: whole ? 'cancelled' : 'partial', items: chosen.map((i) => i.id) },
    });
    const customer = await trx('customers').select('first_name', 'email').where({ id: order.customer_id }).first();
    await enqueueEmail(
      trx,
      now,
      customer.email,
      templates.cancellation(customer, { orderId: order.public_id, reason: input.reason }),
      order.customer_id,
    );
    return {
      ok: true as const,
      cancelledItems: chosen.length,
      cancelledFulfillments: fulfillments,
      cancelledPurchases: purchases,
    };
  });
  if (!done.ok) return done;
  const refunds = input.refund ? (await refundOrder(deps, user, publicId, input.reason, input.key)).outcomes : [];
  return { ...done, refunds };
}
