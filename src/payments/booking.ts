import type { Knex } from 'knex';
import { recordEvent, type Actor } from '../audit/record';
import type { Deps } from '../deps';
import { formatMoney } from '../lib/money';
import type { Booked, Op, Row } from './attempts';
import { bookApproved } from './booking-approved';
import { bookDeclined } from './booking-declined';
import { EXTERNAL } from './external';
import type { FollowUpRequest, GatewayResult } from './gateway';

export { MAX_RETRIES, type AttemptLog, type Booked, type Op } from './attempts';

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
  attempt: {
    op: Op;
    amountCents: number;
    key: string;
    reason: string;
    userId: number | null;
    holds?: boolean;
    external?: boolean;
    notifyCustomer?: boolean;
    orderItemId?: number | null;
  },
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
      ...(attempt.external ? { gateway: EXTERNAL } : {}),
      notify_customer: attempt.notifyCustomer ?? true,
      order_item_id: attempt.orderItemId ?? null,
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
    attemptId: row.id,
    saleReference: sale?.gateway_reference ?? '',
  };
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

    if (answer.outcome === 'approved') return bookApproved(trx, now, actor, sale, booked, item);
    return bookDeclined(trx, now, deps.config.tz, actor, { sale, row: booked, item, message: answer.message });
  });
}
