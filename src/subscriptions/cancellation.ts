import type { Knex } from 'knex';
import { recordEvent, type Actor } from '../audit/record';
import { OPEN_FULFILLMENT_STATUSES } from '../fulfillments/states';
import { LIVE_PURCHASE_STATUSES } from './states';

/**
 * The one way a subscription stops at once, whoever stops it (an agent, an order cancellation,
 * auto-cancel on refund, a customer's deletion, the rebill giving up): the purchase is locked, its
 * unshipped fulfillments are cancelled, an event says why. A purchase that has already ended is left
 * as it is (false). `parcels: false` (a scheduled end) keeps the parcels of the cycles already paid.
 */
export async function cancelPurchase(
  trx: Knex.Transaction,
  now: Date,
  actor: Actor,
  purchaseId: number,
  reason: string,
  because?: string,
  options: { history?: boolean; parcels?: boolean } = {},
): Promise<boolean> {
  const p = await trx('purchases')
    .where({ id: purchaseId })
    .whereIn('status', LIVE_PURCHASE_STATUSES)
    .forUpdate()
    .first();
  if (!p) return false;
  await trx('purchases')
    .where({ id: p.id })
    .update({ status: 'cancelled', cancel_reason: reason, cancelled_at: now, next_bill_date: null, updated_at: now });
  const parcels =
    options.parcels === false
      ? 0
      : await trx('fulfillments')
          .where({ purchase_id: p.id })
          .whereIn('status', OPEN_FULFILLMENT_STATUSES)
          .update({ status: 'cancelled', updated_at: now });
  // A club membership granted by this purchase ends with it (src/customers/memberships.ts).
  const clubs = await trx('customer_memberships')
    .where({ purchase_id: p.id, status: 'active' })
    .update({ status: 'cancelled', ended_at: now });
  await recordEvent(trx, {
    actor,
    kind: 'purchase.cancelled',
    customerId: p.customer_id,
    subject: { type: 'purchase', id: p.id },
    history: options.history,
    summary: `Cancelled subscription #${p.id}${because ? ` because ${because}` : ''} — ${reason}${parcels ? `; ${parcels} unshipped fulfillment(s) cancelled` : ''}${clubs ? `; ${clubs} club membership(s) ended` : ''}`,
    before: { status: p.status },
    after: { status: 'cancelled' },
  });
  return true;
}
