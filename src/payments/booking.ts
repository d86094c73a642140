import type { Knex } from 'knex';
import { recordEvent, type Actor } from '../audit/record';
import type { Deps } from '../deps';
import { enqueueEmail } from '../email/outbox';
import { templates } from '../email/templates';
import { formatMoney } from '../lib/money';
import { formatWhen, nextRunAfter } from '../lib/time';
import { cancelPurchase } from '../subscriptions/cancellation';
import type { FollowUpRequest, GatewayResult } from './gateway';
import type { SaleStatus } from './states';

/** Retries after the first decline; after the last one fails the notify emails are told. */
export const MAX_RETRIES = 3;

export type Op = 'refund' | 'void';
type Row = Record<string, any>;

export interface AttemptLog {
  at: string;
  attempt: number;
  reason: string;
}

/**
 * Step 1 of every refund and void: the attempt row (`sending`, with its key and amount) is written
 * and the amount held on the sale, in the caller's short transaction with the sale locked. Once
 * committed, a crash at any later point leaves this row for the reconciler. `holds: false` for a
 * refund-queue retry, whose amount the queue item already holds.
 */
export async function startMoneyBack(
  trx: Knex.Transaction,
  now: Date,
  sale: Row,
  attempt: { op: Op; amountCents: number; key: string; reason: string; userId: number | null; holds?: boolean },
): Promise<Row> {
  if (attempt.holds !== false)
    await trx('transactions')
      .where({ id: sale.id })
      .increment('queued_cents', attempt.amountCents)
      .update({ updated_at: now });
  const [row] = await trx('transactions')
    .insert({
      customer_id: sale.customer_id,
      order_id: sale.order_id,
      purchase_id: sale.purchase_id,
      payment_instrument_id: sale.payment_instrument_id,
      parent_id: sale.id,
      type: attempt.op,
      status: 'sending',
      amount_cents: attempt.amountCents,
      currency: sale.currency,
      billing_cycle: sale.billing_cycle,
      idempotency_key: attempt.key,
      reason: attempt.reason,
      user_id: attempt.userId,
      created_at: now,
      updated_at: now,
    })
    .returning('*');
  return row;
}

/** What the gateway is asked for an attempt row: the same key every time, so it can act only once. */
export async function followUpRequest(db: Knex | Knex.Transaction, row: Row): Promise<FollowUpRequest> {
  const sale = await db('transactions as t')
    .leftJoin('payment_instruments as pi', 'pi.id', 't.payment_instrument_id')
    .where('t.id', row.parent_id)
    .first('t.gateway_reference', 'pi.gateway_token');
  return {
    idempotencyKey: row.idempotency_key,
    token: sale?.gateway_token ?? '',
    amountCents: Number(row.amount_cents),
    currency: row.currency,
    saleReference: sale?.gateway_reference ?? '',
  };
}

export interface Booked {
  row: Row;
  saleStatus: SaleStatus;
  /** False when the answer was already booked (by a concurrent request or the reconciler). */
  booked: boolean;
  /** Set when a declined refund went to (or stayed in) the refund queue. */
  queuedUntil?: Date;
  /** A queue retry that was the last one: the item failed and the notify emails were written. */
  itemFailed?: boolean;
}

/**
 * Step 3: the gateway's answer booked in one short transaction, sale and attempt locked. Approved
 * moves the money (sale status, refunded amount, event, history, auto-cancel, the customer's email);
 * a declined refund goes to the refund queue with its amount still held (or, for a queue retry, counts
 * as that item's attempt); a declined void releases the hold; an unknown answer keeps the hold and
 * the row `errored` for the reconciler. Booking twice is harmless: a booked row is left as it is.
 */
export async function bookMoneyBack(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  rowId: number,
  answer: GatewayResult,
  actor: Actor,
): Promise<Booked> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const { parent_id: saleId } = await trx('transactions').where({ id: rowId }).first('parent_id');
    // The same lock order as step 1: the sale, then the attempt.
    const sale = await trx('transactions as t')
      .leftJoin('payment_instruments as pi', 'pi.id', 't.payment_instrument_id')
      .select('t.*', 'pi.last4')
      .where('t.id', saleId)
      .forUpdate('t')
      .first();
    const row = await trx('transactions').where({ id: rowId }).forUpdate().first();
    if (row.status !== 'sending' && !(row.status === 'errored' && answer.outcome !== 'errored'))
      return { row, saleStatus: sale.status, booked: false };
    const item = await trx('refund_queue').where({ in_flight_key: row.idempotency_key }).forUpdate().first();
    const op: Op = row.type;
    const amount = formatMoney(row.amount_cents, row.currency);
    const subject = { type: 'transaction', id: sale.id };

    if (answer.outcome === 'errored') {
      await trx('transactions')
        .where({ id: row.id })
        .update({ status: 'errored', gateway_message: answer.message, updated_at: now });
      if (!item) {
        await recordEvent(trx, {
          actor,
          kind: `transaction.${op}_errored`,
          customerId: sale.customer_id,
          subject,
          summary: `${op === 'refund' ? 'Refund' : 'Void'} of ${amount} on charge #${sale.id}: no answer from the gateway; the amount is held while it is checked`,
        });
      }
      return { row: { ...row, status: 'errored' }, saleStatus: sale.status, booked: true };
    }

    const reference = answer.outcome === 'approved' ? answer.reference : null;
    await trx('transactions').where({ id: row.id }).update({
      status: answer.outcome,
      gateway: row.gateway,
      gateway_reference: reference,
      gateway_message: answer.message,
      booked_at: now,
      updated_at: now,
    });
    const booked = { ...row, status: answer.outcome, gateway_reference: reference, gateway_message: answer.message };

    if (answer.outcome === 'approved') {
      const attempt = item ? item.attempts + 1 : 0;
      const saleStatus = await bookApproved(
        trx,
        now,
        actor,
        sale,
        booked,
        item ? `(retry ${attempt} of ${MAX_RETRIES} from the refund queue)` : '',
      );
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
      return { row: booked, saleStatus, booked: true };
    }

    if (op === 'void') {
      await trx('transactions').where({ id: sale.id }).decrement('queued_cents', row.amount_cents);
      await recordEvent(trx, {
        actor,
        kind: 'transaction.void_declined',
        customerId: sale.customer_id,
        subject,
        summary: `Void of ${amount} on charge #${sale.id} declined by the gateway: ${answer.message}`,
      });
      return { row: booked, saleStatus: sale.status, booked: true };
    }
    if (!item) {
      const queuedUntil = await queueDeclined(trx, now, deps.config.tz, sale, booked, answer.message);
      await recordEvent(trx, {
        actor,
        kind: 'transaction.refund_queued',
        customerId: sale.customer_id,
        subject,
        summary: `Refund of ${amount} on charge #${sale.id} declined by the gateway (${answer.message}); queued — retry 1 of ${MAX_RETRIES} on ${formatWhen(queuedUntil, deps.config.tz)}`,
      });
      return { row: booked, saleStatus: sale.status, booked: true, queuedUntil };
    }
    const attempt = item.attempts + 1;
    if (attempt < MAX_RETRIES) {
      await trx('refund_queue')
        .where({ id: item.id })
        .update({
          attempts: attempt,
          in_flight_key: null,
          attempt_log: logWith(item, now, attempt, answer.message),
          updated_at: now,
        });
      await recordEvent(trx, {
        actor,
        kind: 'refund_queue.retry_declined',
        customerId: sale.customer_id,
        subject: { type: 'refund_queue', id: item.id },
        summary: `Refund of ${amount} on charge #${sale.id} declined again (retry ${attempt} of ${MAX_RETRIES}): ${answer.message}; next retry ${formatWhen(item.next_attempt_at, deps.config.tz)}`,
      });
      return { row: booked, saleStatus: sale.status, booked: true, queuedUntil: item.next_attempt_at };
    }
    await trx('refund_queue')
      .where({ id: item.id })
      .update({
        status: 'failed',
        attempts: attempt,
        next_attempt_at: null,
        in_flight_key: null,
        attempt_log: logWith(item, now, attempt, answer.message),
        updated_at: now,
      });
    await trx('transactions').where({ id: sale.id }).decrement('queued_cents', row.amount_cents);
    await notifyFailure(trx, now, actor, item, sale, [
      ...(item.attempt_log ?? []),
      { at: now.toISOString(), attempt, reason: answer.message },
    ]);
    return { row: booked, saleStatus: sale.status, booked: true, itemFailed: true };
  });
}

const logWith = (item: Row, now: Date, attempt: number, reason: string) =>
  JSON.stringify([...(item.attempt_log ?? []), { at: now.toISOString(), attempt, reason }]);

/** An approved refund or void on the locked sale: new status, the event and history line, auto-cancel, the email. */
async function bookApproved(
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
    summary: `${op === 'refund' ? 'Refunded' : 'Voided'} ${formatMoney(row.amount_cents, sale.currency)} of charge #${sale.id} — ${row.reason}${note ? ` ${note}` : ''}`,
    before: { status: sale.status, refunded_cents: sale.refunded_cents },
    after: { status: next, refunded_cents: refunded },
  });
  await autoCancel(trx, now, actor, op, sale);
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
