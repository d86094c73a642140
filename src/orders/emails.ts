import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Deps } from '../deps';
import { enqueueEmail } from '../email/outbox';
import { templates } from '../email/templates';
import { formatMoney } from '../lib/money';
import { fail, NotFoundError, type Result } from '../lib/results';

/** The order's welcome email again, with what was ordered and the total. */
export async function resendWelcome(
  deps: Deps,
  user: SessionUser,
  publicId: string,
): Promise<Result<{ message: string }, 'no_email'>> {
  return deps.db.transaction(async (trx) => {
    const order = await trx('orders').where({ public_id: publicId.toUpperCase() }).first();
    if (!order) throw new NotFoundError('That order');
    const customer = await trx('customers').select('first_name', 'email').where({ id: order.customer_id }).first();
    if (!customer.email) return fail('no_email', 'This customer has no email address on file.');
    const items = await trx('order_items')
      .select('name', 'quantity', 'price_cents')
      .where({ order_id: order.id })
      .orderBy('id');
    const totalCents = items.reduce((s, i) => s + Number(i.price_cents), 0) + order.shipping_cents + order.tax_cents;
    const email = templates.welcome(customer, {
      orderId: order.public_id,
      currency: order.currency,
      items,
      totalCents,
    });
    await enqueueEmail(trx, deps.clock.now(), customer.email, email, order.customer_id);
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'email.resent',
      customerId: order.customer_id,
      subject: { type: 'order', id: order.public_id },
      summary: `Resent the welcome email of order ${order.public_id} (${formatMoney(totalCents, order.currency)}) to ${customer.email}`,
    });
    return { ok: true, message: `The welcome email was sent again to ${customer.email}.` };
  });
}
