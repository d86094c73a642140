import { actorOf, recordEvent, type Actor } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import type { Deps } from '../deps';
import { formatMoney } from '../lib/money';
import { fail, NotFoundError, type Result } from '../lib/results';
import { nextRunAfter, startOfDay } from '../lib/time';
import type { Logger } from '../lib/logger';
import { bookMoneyBack, startMoneyBack } from './booking';
import { markItemErrored } from './queue-errors';
import { askGateway } from './refunds';

const JOB: Actor = { kind: 'job', name: 'Refund queue' };

type QueueDeps = Pick<Deps, 'db' | 'clock' | 'gateway' | 'config'> & { logger?: Logger };
export type ItemOutcome = 'refunded' | 'failed' | 'retryLater' | 'errored';

/** Just before the start of tomorrow in the account's zone, so a run time of 00:00 tomorrow still counts. */
const tomorrowStart = (now: Date, timeZone: string) =>
  new Date(startOfDay(new Date(now.getTime() + 86_400_000), timeZone).getTime() - 1);

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
 */
export async function runRefundQueue(deps: QueueDeps, options: { concurrency?: number } = {}): Promise<QueueRun> {
  const totals: QueueRun = { attempted: 0, refunded: 0, failed: 0, retryLater: 0, errored: 0 };
  const settings = await deps.db('settings').first('refund_queue_time');
  // Items that threw in this run are never claimed again by it, whatever their error left behind.
  const skip: number[] = [];
  const worker = async () => {
    for (;;) {
      const outcome = await attemptOne(deps, settings.refund_queue_time, undefined, skip);
      if (!outcome) return;
      totals.attempted++;
      totals[outcome]++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return totals;
}

/**
 * One retry, in the three steps of every refund: a short transaction claims a due item (SKIP LOCKED)
 * and commits the attempt row with the item's in-flight key, moving the item to its next run; the
 * gateway is called; the answer is booked (booking.ts counts it against the item). An item with an
 * attempt in flight is not claimed again: the reconciler resolves that attempt first.
 */
export async function attemptOne(
  deps: QueueDeps,
  runTime: string,
  only?: { itemId: number; actor: Actor },
  skip: number[] = [],
): Promise<ItemOutcome | null> {
  const now = deps.clock.now();
  // A retry by hand counts as the day's attempt: the next one is at tomorrow's run, not today's.
  const nextRun = only ? nextRunAfter(tomorrowStart(now, deps.config.tz), runTime, deps.config.tz) : null;
  let itemId: number | null = null;
  try {
    return await claimAndAttempt(deps, runTime, now, nextRun, only, skip, (id) => (itemId = id));
  } catch (err) {
    if (itemId === null) throw err;
    skip.push(itemId);
    await markItemErrored(deps, itemId, nextRun ?? nextRunAfter(now, runTime, deps.config.tz), err).catch((e) =>
      deps.logger?.error({ err: e, refundQueueItem: itemId }, 'refund queue item error not recorded'),
    );
    return 'errored';
  }
}

async function claimAndAttempt(
  deps: QueueDeps,
  runTime: string,
  now: Date,
  nextRun: Date | null,
  only: { itemId: number; actor: Actor } | undefined,
  skip: number[],
  claimedItem: (id: number) => void,
): Promise<ItemOutcome | null> {
  const row = await deps.db.transaction(async (trx) => {
    // Safe without waiting for the WAL flush: if a database crash lost this commit, the item would
    // still be due with the same retry number, and the repeated gateway key replays the answer.
    await trx.raw('SET LOCAL synchronous_commit = off');
    const claimed = await trx('refund_queue as q')
      .join('transactions as t', 't.id', 'q.transaction_id')
      .select(trx.raw('row_to_json(q.*) AS item'), 't.*')
      .where('q.status', 'queued')
      .whereNull('q.in_flight_key')
      .whereNotIn('q.id', skip)
      .where((w) => (only ? w.where('q.id', only.itemId) : w.where('q.next_attempt_at', '<=', now)))
      .orderBy('q.next_attempt_at')
      .orderBy('q.id')
      .forUpdate('q', 't')
      .skipLocked()
      .first();
    if (!claimed) return null;
    const { item, ...sale } = claimed;
    claimedItem(item.id);
    const key = `refund-queue:${item.id}:${item.attempts + 1}`;
    await trx('refund_queue')
      .where({ id: item.id })
      .update({
        in_flight_key: key,
        next_attempt_at: nextRun ?? nextRunAfter(now, runTime, deps.config.tz),
        last_error: null,
        last_error_at: null,
        updated_at: now,
      });
    return startMoneyBack(trx, now, sale, {
      op: 'refund',
      amountCents: Number(item.amount_cents),
      key,
      reason: item.reason,
      userId: item.requested_by,
      holds: false,
    });
  });
  if (!row) return null;
  const booked = await bookMoneyBack(deps, row.id, await askGateway(deps, 'refund', row), only?.actor ?? JOB);
  return booked.row.status === 'approved' ? 'refunded' : booked.itemFailed ? 'failed' : 'retryLater';
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
