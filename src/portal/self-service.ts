import { recordEvent, type Actor } from '../audit/record';
import type { Deps } from '../deps';
import { enqueueEmail } from '../email/outbox';
import { LIVE_PURCHASE_STATUSES } from '../subscriptions/states';
import { portalEmails } from './emails';
import { insertLink, portalUrl, shopOf } from './links';

const PAGE: Actor = { kind: 'system', name: 'Click-to-cancel page' };
export const CANCEL_LINK_DAYS = 3;

/**
 * The click-to-cancel lookup: when the email and the order id belong to one customer with a live
 * subscription, a cancel link is emailed to the address on record (never to one typed in the form).
 * The caller shows the same sentence whatever happened, so the page tells nobody whether an email
 * is a customer's.
 */
export async function requestCancelLink(deps: Deps, email: string, orderId: string): Promise<boolean> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const customer = await trx('customers as c')
      .join('orders as o', 'o.customer_id', 'c.id')
      .whereRaw('lower(c.email) = ?', [email.trim().toLowerCase()])
      .where('o.public_id', orderId.trim().toUpperCase())
      .whereExists(trx('purchases as p').whereRaw('p.customer_id = c.id').whereIn('p.status', LIVE_PURCHASE_STATUSES))
      .first('c.id', 'c.first_name', 'c.email');
    if (!customer) return false;
    const link = await insertLink(trx, {
      customerId: customer.id,
      purpose: 'cancel',
      days: CANCEL_LINK_DAYS,
      source: 'cancel_page',
      now,
      createdBy: null,
    });
    const mail = portalEmails.cancelLink(customer, {
      ...shopOf(deps),
      url: portalUrl(deps, link.token),
      expiresAt: link.expiresAt,
    });
    await enqueueEmail(trx, now, customer.email, mail, customer.id);
    await trx('portal_links').where({ id: link.id }).update({ sent_at: now });
    await recordEvent(trx, {
      actor: PAGE,
      kind: 'portal_link.created',
      customerId: customer.id,
      subject: { type: 'portal_link', id: link.id },
      summary: `The customer asked for a cancel link on the click-to-cancel page; portal link #${link.id} emailed to ${customer.email}`,
    });
    return true;
  });
}
