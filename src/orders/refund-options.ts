import type { SessionUser } from '../auth/service';
import type { Deps } from '../deps';
import { fail, NotFoundError, type Failure } from '../lib/results';
import { refundTransaction, type MoneyBackResult } from '../payments/refunds';
import { cancelOrder, followCharges, refundOrder, type SaleOutcome } from './service';

export interface GiveBackOptions {
  reason: string;
  key: string;
  external: boolean;
  notify: boolean;
}

/**
 * Refund from the order, then — when "Cancel the order after the refund?" is ticked — the order's
 * cancellation with its own reason (from the cancellation list), as if the agent had used Cancel
 * order without its refund box: the refund runs first so a cancelled order never hides money still
 * owed back.
 */
export async function refundFromOrder(
  deps: Deps,
  user: SessionUser,
  publicId: string,
  input: GiveBackOptions & { saleIds: number[]; cancelReason?: string },
): Promise<{ outcomes: SaleOutcome[]; totalCents: number; cancelled: string | null }> {
  const options = { external: input.external, notifyCustomer: input.notify };
  const done = await refundOrder(deps, user, publicId, input.reason, input.key, input.saleIds, options);
  if (!input.cancelReason) return { ...done, cancelled: null };
  const cancel = await cancelOrder(deps, user, publicId, {
    reason: input.cancelReason,
    refund: false,
    key: `${input.key}:cancel`,
  });
  const cancelled = cancel.ok
    ? `Order cancelled: ${cancel.cancelledFulfillments} open fulfillment(s) and ${cancel.cancelledPurchases} subscription(s) stopped.`
    : cancel.message;
  return { ...done, cancelled };
}

/**
 * Refund of one product line (full by default, or the amount entered): a refund of the sale that paid
 * the line, through the single refund path, capped by the line and by the sale.
 */
export async function refundLine(
  deps: Deps,
  user: SessionUser,
  publicId: string,
  itemId: number,
  input: GiveBackOptions & { amountCents?: number },
): Promise<MoneyBackResult | Failure<'no_charge'>> {
  const item = await deps
    .db('order_items as i')
    .join('orders as o', 'o.id', 'i.order_id')
    .where({ 'i.id': itemId, 'o.public_id': publicId.toUpperCase() })
    .first('i.sale_id', 'o.id as order_id');
  if (!item) throw new NotFoundError('That product line');
  if (!item.sale_id) return fail('no_charge', 'No charge paid for this line, so there is nothing to refund.');
  const result = await refundTransaction(deps, user, Number(item.sale_id), {
    idempotencyKey: input.key,
    reason: input.reason,
    amountCents: input.amountCents,
    external: input.external,
    notifyCustomer: input.notify,
    orderItemId: itemId,
  });
  await followCharges(deps, user, item.order_id);
  return result;
}
