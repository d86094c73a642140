import type { Knex } from 'knex';
import { actorOf, recordEvent, type Actor } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import type { Deps } from '../deps';
import { enqueueEmail } from '../email/outbox';
import { templates } from '../email/templates';
import { formatMoney } from '../lib/money';
import { fail, NotFoundError, type Result } from '../lib/results';
import { startOfDay } from '../lib/time';
import { bookApprovedRefund } from './refunds';

/** Retries after the first decline; after the last one fails the notify emails are told. */
export const MAX_RETRIES = 3;
const JOB: Actor = { kind: 'job', name: 'Refund queue' };

export interface AttemptLog {
  at: string;
  attempt: number;
  reason: string;
}

/** The first daily run time (HH:MM in `timeZone`) strictly after `now`. */
export function nextRunAfter(now: Date, hhmm: string, timeZone: string): Date {
  const [h, m] = hhmm.split(':').map(Number);
  for (const dayOffset of [0, 1, 2]) {
    const at = new Date(startOfDay(new Date(now.getTime() + dayOffset * 86_400_000), timeZone).getTime() + (h * 60 + m) * 60_000);
    if (at > now) return at;
  }
  throw new Error('unreachable');
}

/**
 * A refund the gateway declined goes into the queue instead of being lost: the amount is held on the
 * sale (nobody can refund it twice meanwhile) and the first retry is at the next daily run.
 */
export async function queueDeclinedRefund(
  trx: Knex.Transaction,
  now: Date,
  timeZone: string,
  sale: { id: number; customer_id: number; currency: string },
  amountCents: number,
  reason: string,
  declineReason: string,
  requestedBy: number | null,
): Promise<{ id: number; nextAttemptAt: Date }> {
  const settings = await trx('settings').first('refund_queue_time');
  const nextAttemptAt = nextRunAfter(now, settings.refund_queue_time, timeZone);
  await trx('transactions').where({ id: sale.id }).increment('queued_cents', amountCents);
  const log: AttemptLog[] = [{ at: now.toISOString(), attempt: 0, reason: declineReason }];
  const [row] = await trx('refund_queue')
    .insert({ transaction_id: sale.id, customer_id: sale.customer_id, amount_cents: amountCents, currency: sale.currency, reason, status: 'queued', attempts: 0, next_attempt_at: nextAttemptAt, attempt_log: JSON.stringify(log), requested_by: requestedBy, created_at: now, updated_at: now })
    .returning('id');
  return { id: row.id, nextAttemptAt };
}

export interface QueueRun {
  attempted: number;
  refunded: number;
  failed: number;
  retryLater: number;
}

/**
 * Retries every due item once. Workers claim one item at a time with FOR UPDATE SKIP LOCKED, so
 * several processes (or a second run at the same moment) never attempt the same item; an attempt
 * moves the item to the next daily run, so each item is tried at most once a day, and a run after
 * downtime tries each overdue item once. The gateway key is per item and attempt: a run killed
 * mid-way repeats the same key and cannot refund twice.
 */
export async function runRefundQueue(deps: Pick<Deps, 'db' | 'clock' | 'gateway' | 'config'>, options: { concurrency?: number } = {}): Promise<QueueRun> {
  const totals: QueueRun = { attempted: 0, refunded: 0, failed: 0, retryLater: 0 };
  const settings = await deps.db('settings').first('refund_queue_time');
  const worker = async () => {
    for (;;) {
      const outcome = await attemptOne(deps, settings.refund_queue_time);
      if (!outcome) return;
      totals.attempted++;
      totals[outcome]++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return totals;
}

async function attemptOne(deps: Pick<Deps, 'db' | 'clock' | 'gateway' | 'config'>, runTime: string): Promise<'refunded' | 'failed' | 'retryLater' | null> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    // Safe without waiting for the WAL flush: if a database crash lost this commit, the item would
    // still be queued with the same retry number, and the repeated gateway key replays the answer.
    await trx.raw('SET LOCAL synchronous_commit = off');
    // The item and its sale are claimed together; an item whose sale an agent holds right now is
    // skipped and picked up by a later claim (it stays due).
    const claimed = await trx('refund_queue as q')
      .join('transactions as t', 't.id', 'q.transaction_id')
      .leftJoin('payment_instruments as pi', 'pi.id', 't.payment_instrument_id')
      .join('customers as c', 'c.id', 't.customer_id')
      .leftJoin('orders as o', 'o.id', 't.order_id')
      .select(trx.raw('row_to_json(q.*) AS item'), 't.*', 'pi.gateway_token', 'pi.last4', trx.raw("json_build_object('first_name', c.first_name, 'email', c.email, 'public_id', o.public_id) AS recipient"))
      .where('q.status', 'queued')
      .where('q.next_attempt_at', '<=', now)
      .orderBy('q.next_attempt_at')
      .orderBy('q.id')
      .forUpdate('q', 't')
      .skipLocked()
      .first();
    if (!claimed) return null;
    const { item: raw, recipient, ...sale } = claimed;
    const item = { ...raw, attempt_log: raw.attempt_log ?? [] };
    const attempt = item.attempts + 1;
    const key = `refund-queue:${item.id}:${attempt}`;
    const answer = await deps.gateway.refund({ idempotencyKey: key, token: sale.gateway_token ?? '', amountCents: item.amount_cents, currency: item.currency, saleReference: sale.gateway_reference ?? '' });
    const log: AttemptLog[] = [...item.attempt_log];
    const next = nextRunAfter(now, runTime, deps.config.tz);

    if (answer.outcome === 'errored') {
      // Unknown: not counted; the next run repeats the same key and learns what happened.
      await trx('refund_queue').where({ id: item.id }).update({ next_attempt_at: next, attempt_log: JSON.stringify([...log, { at: now.toISOString(), attempt, reason: `No answer from the gateway (${answer.message})` }]), updated_at: now });
      return 'retryLater';
    }
    if (answer.outcome === 'approved') {
      const [row] = await trx('transactions')
        .insert({
          customer_id: sale.customer_id, order_id: sale.order_id, purchase_id: sale.purchase_id, payment_instrument_id: sale.payment_instrument_id,
          parent_id: sale.id, type: 'refund', status: 'approved', amount_cents: item.amount_cents, currency: item.currency, gateway: deps.gateway.name,
          gateway_reference: answer.reference, gateway_message: answer.message, idempotency_key: key, reason: item.reason, user_id: item.requested_by,
        })
        .returning('*');
      await bookApprovedRefund(trx, now, JOB, sale, row, { note: `(retry ${attempt} of ${MAX_RETRIES} from the refund queue)`, releaseHeldCents: item.amount_cents, recipient });
      await trx('refund_queue').where({ id: item.id }).update({ status: 'succeeded', attempts: attempt, next_attempt_at: null, refund_transaction_id: row.id, attempt_log: JSON.stringify([...log, { at: now.toISOString(), attempt, reason: 'Approved' }]), updated_at: now });
      return 'refunded';
    }
    log.push({ at: now.toISOString(), attempt, reason: answer.message });
    if (attempt < MAX_RETRIES) {
      await trx('refund_queue').where({ id: item.id }).update({ attempts: attempt, next_attempt_at: next, attempt_log: JSON.stringify(log), updated_at: now });
      await recordEvent(trx, { actor: JOB, kind: 'refund_queue.retry_declined', customerId: sale.customer_id, subject: { type: 'refund_queue', id: item.id },
        summary: `Refund of ${formatMoney(item.amount_cents, item.currency)} on charge #${sale.id} declined again (retry ${attempt} of ${MAX_RETRIES}): ${answer.message}; next retry ${next.toISOString().slice(0, 16).replace('T', ' ')}` });
      return 'retryLater';
    }
    await trx('refund_queue').where({ id: item.id }).update({ status: 'failed', attempts: attempt, next_attempt_at: null, attempt_log: JSON.stringify(log), updated_at: now });
    await trx('transactions').where({ id: sale.id }).decrement('queued_cents', item.amount_cents);
    await notifyFailure(trx, now, item, sale, log);
    return 'failed';
  });
}

/** One email to every notify address: who, which order and charge, how much, and each attempt's reason. */
async function notifyFailure(trx: Knex.Transaction, now: Date, item: Record<string, any>, sale: Record<string, any>, log: AttemptLog[]) {
  const customer = await trx('customers').select('id', 'first_name', 'last_name', 'email').where({ id: sale.customer_id }).first();
  const order = sale.order_id ? await trx('orders').where({ id: sale.order_id }).first('public_id') : null;
  const email = templates.refundFailed({ customer, orderId: order?.public_id ?? null, transactionId: sale.id, amountCents: item.amount_cents, currency: item.currency, attempts: log });
  const recipients: string[] = await trx('notify_emails').orderBy('id').pluck('email');
  for (const to of recipients) await enqueueEmail(trx, now, to, email, null);
  await recordEvent(trx, { actor: JOB, kind: 'refund_queue.failed', customerId: sale.customer_id, subject: { type: 'refund_queue', id: item.id },
    summary: `Refund of ${formatMoney(item.amount_cents, item.currency)} on charge #${sale.id} failed after ${MAX_RETRIES} retries; the held amount is released; ${recipients.length} notify address(es) emailed` });
}

/** Drop an item (cs_admin, admin): it leaves the queue and releases the held amount. */
export async function dropQueueItem(db: Db, user: SessionUser, id: number, now: Date): Promise<Result<object, 'not_queued'>> {
  return db.transaction(async (trx) => {
    const item = await trx('refund_queue').where({ id }).forUpdate().first();
    if (!item) throw new NotFoundError('That queue item');
    if (item.status !== 'queued') return fail('not_queued', 'This item is no longer waiting in the queue.');
    await trx('transactions').where({ id: item.transaction_id }).decrement('queued_cents', item.amount_cents);
    await trx('refund_queue').where({ id }).update({ status: 'dropped', next_attempt_at: null, updated_at: now });
    await recordEvent(trx, { actor: actorOf(user), kind: 'refund_queue.dropped', customerId: item.customer_id, subject: { type: 'refund_queue', id },
      summary: `Dropped the queued refund of ${formatMoney(item.amount_cents, item.currency)} on charge #${item.transaction_id}; the amount is no longer held` });
    return { ok: true };
  });
}

export const queueItems = (db: Db) =>
  db('refund_queue as q')
    .join('customers as c', 'c.id', 'q.customer_id')
    .select('q.id', 'q.transaction_id', 'q.amount_cents', 'q.currency', 'q.reason', 'q.status', 'q.attempts', 'q.next_attempt_at', 'q.attempt_log', 'q.created_at', 'c.id as customer_id', 'c.first_name', 'c.last_name')
    .orderByRaw("q.status = 'queued' DESC, q.next_attempt_at NULLS LAST, q.id DESC")
    .limit(200);
