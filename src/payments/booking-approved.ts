import type { Knex } from 'knex';
import { recordEvent, type Actor } from '../audit/record';
import { enqueueEmail } from '../email/outbox';
import { templates } from '../email/templates';
import { formatMoney } from '../lib/money';
import { cancelPurchase } from '../subscriptions/cancellation';
import { type Booked, logWith, MAX_RETRIES, type Op, type Row } from './attempts';
import { isExternalAttempt } from './external';
import type { SaleStatus } from './states';

/** An approved refund or void, booked: the sale moves; a refund-queue item it came from has succeeded. */
export async function bookApproved(
  trx: Knex.Transaction,
  now: Date,
  actor: Actor,
  sale: Row,
  row: Row,
  item: Row | undefined,
): Promise<Booked> {
  const attempt = item ? item.attempts + 1 : 0;
  const note = item ? `(retry ${attempt} of ${MAX_RETRIES} from the refund queue)` : '';
  const saleStatus = await moveSale(trx, now, actor, sale, row, note);
  if (item)
    await trx('refund_queue')
      .where({ id: item.id })
      .update({
        status: 'succeeded',
        attempts: attempt,
        next_attempt_at: null,
        in_flight_key: null,
        refund_transaction_id: row.id,
        attempt_log: logWith(item, now, attempt, 'Approved'),
        updated_at: now,
      });
  return { row, saleStatus, booked: true };
}

/** The locked sale after an approved refund or void: new status, the event and history line, auto-cancel, the email. */
async function moveSale(
  trx: Knex.Transaction,
  now: Date,
  actor: Actor,
  sale: Row,
  row: Row,
  note: string,
): Promise<SaleStatus> {
  const op: Op = row.type;
  const refunded =
    op === 'refund' ? Number(sale.refunded_cents) + Number(row.amount_cents) : Number(sale.refunded_cents);
  const next: SaleStatus =
    op === 'void' ? 'voided' : refunded === Number(sale.amount_cents) ? 'refunded' : 'partially_refunded';
  await trx('transactions')
    .where({ id: sale.id })
    .update({
      status: next,
      refunded_cents: refunded,
      queued_cents: Number(sale.queued_cents) - Number(row.amount_cents),
      updated_at: now,
    });
  await recordEvent(trx, {
    actor,
    kind: `transaction.${op}`,
    customerId: sale.customer_id,
    subject: { type: 'transaction', id: sale.id },
    summary: `${op === 'refund' ? 'Refunded' : 'Voided'}${isExternalAttempt(row) ? ' externally' : ''} ${formatMoney(row.amount_cents, sale.currency)} of charge #${sale.id}${row.order_item_id ? ` (line #${row.order_item_id})` : ''} — ${row.reason}${note ? ` ${note}` : ''}`,
    before: { status: sale.status, refunded_cents: sale.refunded_cents },
    after: { status: next, refunded_cents: refunded },
  });
  await autoCancel(trx, now, actor, op, sale);
  // An external refund emails the customer only when the agent chose to.
  if (row.notify_customer === false) return next;
  const customer = await trx('customers as c')
    .leftJoin('orders as o', (j) => j.on('o.customer_id', 'c.id').andOnVal('o.id', sale.order_id ?? 0))
    .select('c.first_name', 'c.email', 'o.public_id')
    .where('c.id', sale.customer_id)
    .first();
  await enqueueEmail(
    trx,
    now,
    customer.email,
    templates[op](customer, {
      amountCents: row.amount_cents,
      currency: sale.currency,
      orderId: customer.public_id ?? null,
      last4: sale.last4,
    }),
    sale.customer_id,
  );
  return next;
}

/**
 * Setting "auto-cancel on refund and void" (off by default): money given back on a subscription's
 * charge also stops that subscription and its fulfillments that have not shipped.
 */
async function autoCancel(trx: Knex.Transaction, now: Date, actor: Actor, op: Op, sale: Row) {
  if (!sale.purchase_id) return;
  const settings = await trx('settings').first('auto_cancel_on_refund');
  if (!settings?.auto_cancel_on_refund) return;
  await cancelPurchase(
    trx,
    now,
    actor,
    sale.purchase_id,
    `${op === 'refund' ? 'Refunded' : 'Voided'} (auto-cancel)`,
    `its charge #${sale.id} was ${op === 'refund' ? 'refunded' : 'voided'} (auto-cancel is on)`,
  );
}
