import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Deps } from '../deps';
import { enqueueEmail } from '../email/outbox';
import { templates } from '../email/templates';
import { fail, NotFoundError, type Result } from '../lib/results';

/** Resend the refund or void email of an approved refund/void transaction (to the email on file now). */
export async function resendTransactionEmail(
  deps: Deps,
  user: SessionUser,
  transactionId: number,
): Promise<Result<{ message: string }, 'not_sendable' | 'no_email'>> {
  return deps.db.transaction(async (trx) => {
    const t = await trx('transactions as t')
      .leftJoin('orders as o', 'o.id', 't.order_id')
      .leftJoin('payment_instruments as pi', 'pi.id', 't.payment_instrument_id')
      .select('t.*', 'o.public_id', 'pi.last4')
      .where('t.id', transactionId)
      .first();
    if (!t) throw new NotFoundError('That transaction');
    if (!['refund', 'void'].includes(t.type) || t.status !== 'approved')
      return fail('not_sendable', 'Only an approved refund or void has an email to resend.');
    const customer = await trx('customers').select('first_name', 'email').where({ id: t.customer_id }).first();
    if (!customer?.email) return fail('no_email', 'This customer has no email address on file.');
    const email = templates[t.type as 'refund' | 'void'](customer, {
      amountCents: t.amount_cents,
      currency: t.currency,
      orderId: t.public_id,
      last4: t.last4,
    });
    await enqueueEmail(trx, deps.clock.now(), customer.email, email, t.customer_id);
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'email.resent',
      customerId: t.customer_id,
      subject: { type: 'transaction', id: t.id },
      summary: `Resent the ${t.type} email (“${email.subject}”) to ${customer.email}`,
    });
    return { ok: true, message: `The ${t.type} email was sent again to ${customer.email}.` };
  });
}
