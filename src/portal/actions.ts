import type { Knex } from 'knex';
import { recordEvent } from '../audit/record';
import type { Deps } from '../deps';
import { enqueueEmail } from '../email/outbox';
import { fail, type Failure, NotFoundError, type Result } from '../lib/results';
import { instrumentOf } from '../orders/checkout';
import { cancelPurchase } from '../subscriptions/cancellation';
import { LIVE_PURCHASE_STATUSES } from '../subscriptions/states';
import type { PortalAccess } from './access';
import { portalEmails } from './emails';
import { shopOf } from './links';

const used = (trx: Knex.Transaction, linkId: number, now: Date) =>
  trx('portal_links').where({ id: linkId }).update({ used_at: now });

/**
 * The customer cancels one of their subscriptions: through the one cancel service, so it stops at
 * once (nothing more is billed, unshipped parcels are cancelled), with their reason, named in the
 * history as the customer through this link; the confirmation email goes out in the same transaction.
 */
export async function cancelFromPortal(
  deps: Deps,
  access: PortalAccess,
  purchaseId: number,
  reason: string,
): Promise<Result<{ purchaseId: number }, 'not_allowed'>> {
  const now = deps.clock.now();
  const { customer, actor, link } = access;
  return deps.db.transaction(async (trx) => {
    const p = await trx('purchases as p')
      .join('products as pr', 'pr.id', 'p.product_id')
      .where({ 'p.id': purchaseId, 'p.customer_id': customer.id })
      .first('p.id', 'pr.name');
    if (!p) throw new NotFoundError('That subscription');
    const words = reason || 'Cancelled by the customer';
    if (!(await cancelPurchase(trx, now, actor, p.id, words, 'the customer asked on their portal')))
      return fail('not_allowed', 'This subscription has already ended; nothing more will be charged for it.');
    const mail = portalEmails.cancelled(customer, {
      ...shopOf(deps),
      purchaseId: p.id,
      product: p.name,
      endsNow: true,
      reason: reason || null,
    });
    await enqueueEmail(trx, now, customer.email, mail, customer.id);
    await used(trx, link.id, now);
    return { ok: true, purchaseId: p.id };
  });
}

/**
 * The customer's new card (test gateway: a sandbox number) is stored through order entry's
 * `instrumentOf` and becomes the card every live subscription of theirs bills next. A gateway that
 * takes no typed numbers refuses, in words, inside `instrumentOf`.
 */
export async function updateCard(
  deps: Deps,
  access: PortalAccess,
  card: { card_number: string; exp_month: number; exp_year: number },
): Promise<Result<{ last4: string }, 'declined'>> {
  const now = deps.clock.now();
  const { customer, actor, link } = access;
  return deps.db.transaction(async (trx) => {
    const payment = {
      kind: 'card' as const,
      number: card.card_number,
      expMonth: card.exp_month,
      expYear: card.exp_year,
    };
    const stored = await instrumentOf(trx, deps.gateway, customer.id, payment);
    if (!stored) return fail('declined', 'That card could not be stored.');
    if (stored.ok === false) return stored as Failure<'declined'>;
    const saved = stored as { id: number; brand: string; last4: string };
    const moved = await trx('purchases')
      .where({ customer_id: customer.id })
      .whereIn('status', LIVE_PURCHASE_STATUSES)
      .update({ payment_instrument_id: saved.id, updated_at: now })
      .returning('id');
    await recordEvent(trx, {
      actor,
      kind: 'portal.card_updated',
      customerId: customer.id,
      subject: { type: 'payment_instrument', id: saved.id },
      summary: `The customer added the card ${saved.brand} ending ${saved.last4} on their portal${moved.length ? `; it now bills subscription${moved.length > 1 ? 's' : ''} ${moved.map((m) => `#${m.id}`).join(', ')}` : ''}`,
      after: { payment_instrument_id: saved.id, purchases: moved.map((m) => m.id) },
    });
    await used(trx, link.id, now);
    return { ok: true, last4: saved.last4 };
  });
}
