import type { Knex } from 'knex';
import { recordEvent, type Actor } from '../audit/record';
import { enqueueEmail } from '../email/outbox';
import { templates } from '../email/templates';
import { formatMoney } from '../lib/money';
import { formatWhen, nextRunAfter } from '../lib/time';
import { type AttemptLog, type Booked, logWith, MAX_RETRIES, type Op, type Row } from './attempts';

/**
 * A declined answer, booked: a void releases its hold; a direct refund enters the refund queue with
 * its amount still held; a queue retry counts as that item's attempt, and the last one fails the item,
 * releases the hold and tells the notify emails.
 */
export async function bookDeclined(
  trx: Knex.Transaction,
  now: Date,
  timeZone: string,
  actor: Actor,
  { sale, row, item, message }: { sale: Row; row: Row; item: Row | undefined; message: string },
): Promise<Booked> {
  const op: Op = row.type;
  const amount = formatMoney(row.amount_cents, row.currency);
  const subject = { type: 'transaction', id: sale.id };
  if (op === 'void') {
    await trx('transactions').where({ id: sale.id }).decrement('queued_cents', row.amount_cents);
    await recordEvent(trx, {
      actor,
      kind: 'transaction.void_declined',
      customerId: sale.customer_id,
      subject,
      summary: `Void of ${amount} on charge #${sale.id} declined by the gateway: ${message}`,
    });
    return { row, saleStatus: sale.status, booked: true };
  }
  if (!item) {
    const queuedUntil = await queueDeclined(trx, now, timeZone, sale, row, message);
    await recordEvent(trx, {
      actor,
      kind: 'transaction.refund_queued',
      customerId: sale.customer_id,
      subject,
      summary: `Refund of ${amount} on charge #${sale.id} declined by the gateway (${message}); queued — retry 1 of ${MAX_RETRIES} on ${formatWhen(queuedUntil, timeZone)}`,
    });
    return { row, saleStatus: sale.status, booked: true, queuedUntil };
  }
  const attempt = item.attempts + 1;
  if (attempt < MAX_RETRIES) {
    await trx('refund_queue')
      .where({ id: item.id })
      .update({
        attempts: attempt,
        in_flight_key: null,
        attempt_log: logWith(item, now, attempt, message),
        updated_at: now,
      });
    await recordEvent(trx, {
      actor,
      kind: 'refund_queue.retry_declined',
      customerId: sale.customer_id,
      subject: { type: 'refund_queue', id: item.id },
      summary: `Refund of ${amount} on charge #${sale.id} declined again (retry ${attempt} of ${MAX_RETRIES}): ${message}; next retry ${formatWhen(item.next_attempt_at, timeZone)}`,
    });
    return { row, saleStatus: sale.status, booked: true, queuedUntil: item.next_attempt_at };
  }
  await trx('refund_queue')
    .where({ id: item.id })
    .update({
      status: 'failed',
      attempts: attempt,
      next_attempt_at: null,
      in_flight_key: null,
      attempt_log: logWith(item, now, attempt, message),
      updated_at: now,
    });
  await trx('transactions').where({ id: sale.id }).decrement('queued_cents', row.amount_cents);
  await notifyFailure(trx, now, actor, item, sale, [
    ...(item.attempt_log ?? []),
    { at: now.toISOString(), attempt, reason: message },
  ]);
  return { row, saleStatus: sale.status, booked: true, itemFailed: true };
}

/** A declined direct refund enters the queue; the amount its attempt held stays held by the item. */
async function queueDeclined(
  trx: Knex.Transaction,
  now: Date,
  timeZone: string,
  sale: Row,
  row: Row,
  declineReason: string,
): Promise<Date> {
  const settings = await trx('settings').first('refund_queue_time');
  const nextAttemptAt = nextRunAfter(now, settings.refund_queue_time, timeZone);
  const log: AttemptLog[] = [{ at: now.toISOString(), attempt: 0, reason: declineReason }];
  await trx('refund_queue').insert({
    transaction_id: sale.id,
    customer_id: sale.customer_id,
    amount_cents: row.amount_cents,
    currency: sale.currency,
    reason: row.reason,
    status: 'queued',
    attempts: 0,
    next_attempt_at: nextAttemptAt,
    attempt_log: JSON.stringify(log),
    requested_by: row.user_id,
    order_item_id: row.order_item_id ?? null,
    created_at: now,
    updated_at: now,
  });
  return nextAttemptAt;
}

/** One email to every notify address: who, which order and charge, how much, and each attempt's reason. */
async function notifyFailure(trx: Knex.Transaction, now: Date, actor: Actor, item: Row, sale: Row, log: AttemptLog[]) {
  const customer = await trx('customers')
    .select('id', 'first_name', 'last_name', 'email')
    .where({ id: sale.customer_id })
    .first();
  const order = sale.order_id ? await trx('orders').where({ id: sale.order_id }).first('public_id') : null;
  const email = templates.refundFailed({
    customer,
    orderId: order?.public_id ?? null,
    transactionId: sale.id,
    amountCents: item.amount_cents,
    currency: item.currency,
    attempts: log,
  });
  const recipients: string[] = await trx('notify_emails').orderBy('id').pluck('email');
  for (const to of recipients) await enqueueEmail(trx, now, to, email, null);
  await recordEvent(trx, {
    actor,
    kind: 'refund_queue.failed',
    customerId: sale.customer_id,
    subject: { type: 'refund_queue', id: item.id },
    summary: `Refund of ${formatMoney(item.amount_cents, item.currency)} on charge #${sale.id} failed after ${MAX_RETRIES} retries; the held amount is released; ${recipients.length} notify address(es) emailed`,
  });
}
