import { actorOf, recordEvent, type Actor } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { formatMoney } from '../lib/money';
import { fail, NotFoundError, type Result } from '../lib/results';
import { bookItem, claimItem, type ItemOutcome, type QueueDeps } from './queue-attempt';
import { askGateway } from './refunds';

const JOB: Actor = { kind: 'job', name: 'Refund queue' };

export interface QueueRun {
  attempted: number;
  refunded: number;
  failed: number;
  retryLater: number;
  /** Items whose retry threw (see queue-errors.ts): logged, kept with their error, the run went on. */
  errored: number;
}

/**
 * Retries every due item once. Workers claim one item at a time with FOR UPDATE SKIP LOCKED, so
 * several processes (or a second run at the same moment) never attempt the same item; an attempt
 * moves the item to the next daily run, so each item is tried at most once a day, and a run after
 * downtime tries each overdue item once. The gateway key is per item and attempt: a run killed
 * mid-way repeats the same key and cannot refund twice.
 *
 * Each worker keeps one gateway call in flight: while it waits for one item's answer it claims the
 * next item and books the previous answer, so the database work no longer lengthens the gateway's
 * slots (docs/PERFORMANCE.md). Every item still goes through its own three steps in order.
 */
export async function runRefundQueue(deps: QueueDeps, options: { concurrency?: number } = {}): Promise<QueueRun> {
  const totals: QueueRun = { attempted: 0, refunded: 0, failed: 0, retryLater: 0, errored: 0 };
  const count = (outcome: ItemOutcome) => {
    totals.attempted++;
    totals[outcome]++;
  };
  const settings = await deps.db('settings').first('refund_queue_time');
  // Items that threw in this run are never claimed again by it, whatever their error left behind.
  const skip: number[] = [];
  const claim = () => claimItem(deps, settings.refund_queue_time, deps.clock.now(), null, undefined, skip);
  const worker = async () => {
    let booking: Promise<void> = Promise.resolve();
    for (let claimed = await claim(); claimed; ) {
      if (claimed === 'errored') {
        count('errored');
        claimed = await claim();
        continue;
      }
      const current = claimed;
      const [answer, next] = await Promise.all([askGateway(deps, 'refund', current.row), claim()]);
      await booking;
      booking = bookItem(deps, current, answer, JOB, skip).then(count);
      claimed = next;
    }
    await booking;
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return totals;
}

/** Drop an item (cs_admin, admin): it leaves the queue and releases the held amount. */
export async function dropQueueItem(
  db: Db,
  user: SessionUser,
  id: number,
  now: Date,
): Promise<Result<object, 'not_queued' | 'in_flight'>> {
  return db.transaction(async (trx) => {
    const item = await trx('refund_queue').where({ id }).forUpdate().first();
    if (!item) throw new NotFoundError('That queue item');
    if (item.status !== 'queued') return fail('not_queued', 'This item is no longer waiting in the queue.');
    if (item.in_flight_key)
      return fail('in_flight', 'A retry of this refund is waiting for the gateway; drop it once its outcome shows.');
    await trx('transactions').where({ id: item.transaction_id }).decrement('queued_cents', item.amount_cents);
    await trx('refund_queue').where({ id }).update({ status: 'dropped', next_attempt_at: null, updated_at: now });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'refund_queue.dropped',
      customerId: item.customer_id,
      subject: { type: 'refund_queue', id },
      summary: `Dropped the queued refund of ${formatMoney(item.amount_cents, item.currency)} on charge #${item.transaction_id}; the amount is no longer held`,
    });
    return { ok: true };
  });
}

export const queueItems = (db: Db) =>
  db('refund_queue as q')
    .join('customers as c', 'c.id', 'q.customer_id')
    .select(
      'q.id',
      'q.transaction_id',
      'q.amount_cents',
      'q.currency',
      'q.reason',
      'q.status',
      'q.attempts',
      'q.next_attempt_at',
      'q.attempt_log',
      'q.last_error',
      'q.created_at',
      'c.id as customer_id',
      'c.first_name',
      'c.last_name',
    )
    .orderByRaw("q.status = 'queued' DESC, q.next_attempt_at NULLS LAST, q.id DESC")
    .limit(200);
