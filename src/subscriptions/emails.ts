import type { Knex } from 'knex';
import { enqueueEmail } from '../email/outbox';
import { compose } from '../email/templates';
import { formatMoney } from '../lib/money';

/**
 * The subscription's emails to the customer (docs/RULES.md §Emails): the pause confirmation, the
 * recurring order after a paid cycle and the recurring declined notice after a declined rebill. Each
 * is written to the outbox in the caller's transaction, the one that books the change, from its
 * template (src/email/registry.ts), so an admin's edited text is the one sent.
 */
type Row = Record<string, any>;

async function send(trx: Knex.Transaction, now: Date, p: Row, template: string, values: Record<string, string>) {
  const customer = await trx('customers').where({ id: p.customer_id }).first('first_name', 'last_name', 'email');
  if (!customer?.email) return;
  const order = await trx('orders').where({ id: p.order_id }).first('public_id');
  const product = await trx('products').where({ id: p.product_id }).first('name');
  const email = compose(template, {
    first_name: customer.first_name ?? '',
    last_name: customer.last_name ?? '',
    email: customer.email,
    order_id: order?.public_id ?? '—',
    product: product?.name ?? '—',
    ...values,
  });
  await enqueueEmail(trx, now, customer.email, email, p.customer_id);
}

async function last4(trx: Knex.Transaction, cardId: number | null | undefined): Promise<string> {
  if (!cardId) return '—';
  return (await trx('payment_instruments').where({ id: cardId }).first('last4'))?.last4 ?? '—';
}

/** A pause that takes effect (now, or the rebill's scheduled pause): it bills again on `restartDate`. */
export const emailPause = (trx: Knex.Transaction, now: Date, p: Row, restartDate: string) =>
  send(trx, now, p, 'pause', { restart_date: restartDate });

/** A paid cycle: what it cost, the card that paid (if one did) and the next bill date. */
export async function emailRecurringOrder(
  trx: Knex.Transaction,
  now: Date,
  p: Row,
  a: { amountCents: number; cardId: number | null; nextBillDate: string | null },
) {
  await send(trx, now, p, 'recurring_order', {
    amount: formatMoney(a.amountCents, p.currency),
    card_last4: await last4(trx, a.cardId),
    next_bill_date: a.nextBillDate ?? '— (this was the final billing)',
  });
}

/** A declined rebill that will be retried on `retryDate` (sent once a cycle: see `purchaseCharge.declined`). */
export async function emailRecurringDeclined(
  trx: Knex.Transaction,
  now: Date,
  p: Row,
  sale: Row,
  reason: string,
  retryDate: string,
) {
  await send(trx, now, p, 'recurring_declined', {
    amount: formatMoney(sale.amount_cents, sale.currency),
    card_last4: await last4(trx, sale.payment_instrument_id),
    reason: reason.toLowerCase(),
    next_bill_date: retryDate,
  });
}
