import type { Actor } from '../audit/record';
import type { Deps } from '../deps';
import type { Logger } from '../lib/logger';
import { nextRunAfter, startOfDay } from '../lib/time';
import { bookMoneyBack, startMoneyBack } from './booking';
import { markItemErrored } from './queue-errors';
import { askGateway } from './refunds';

export type QueueDeps = Pick<Deps, 'db' | 'clock' | 'gateway' | 'config'> & { logger?: Logger };
export type ItemOutcome = 'refunded' | 'failed' | 'retryLater' | 'errored';

/** Just before the start of tomorrow in the account's zone, so a run time of 00:00 tomorrow still counts. */
const tomorrowStart = (now: Date, timeZone: string) =>
  new Date(startOfDay(new Date(now.getTime() + 86_400_000), timeZone).getTime() - 1);

/**
 * One retry, in the three steps of every refund: a short transaction claims a due item (SKIP LOCKED)
 * and commits the attempt row with the item's in-flight key, moving the item to its next run; the
 * gateway is called; the answer is booked (booking.ts counts it against the item). An item with an
 * attempt in flight is not claimed again: the reconciler resolves that attempt first.
 */
export async function attemptOne(
  deps: QueueDeps,
  runTime: string,
  only: { itemId: number; actor: Actor },
): Promise<ItemOutcome | null> {
  const now = deps.clock.now();
  // A retry by hand counts as the day's attempt: the next one is at tomorrow's run, not today's.
  const nextRun = nextRunAfter(tomorrowStart(now, deps.config.tz), runTime, deps.config.tz);
  const claimed = await claimItem(deps, runTime, now, nextRun, only, []);
  if (claimed === null || claimed === 'errored') return claimed;
  return bookItem(deps, claimed, await askGateway(deps, 'refund', claimed.row), only.actor, []);
}

interface Claimed {
  itemId: number;
  row: Row;
  /** When the item is tried next if its booking throws. */
  nextRun: Date;
}
type Row = Awaited<ReturnType<typeof startMoneyBack>>;

/** Step 1; 'errored' when the claim threw (the error is kept on the item, the run goes on). */
export async function claimItem(
  deps: QueueDeps,
  runTime: string,
  now: Date,
  nextRun: Date | null,
  only: { itemId: number } | undefined,
  skip: number[],
): Promise<Claimed | 'errored' | null> {
  const next = nextRun ?? nextRunAfter(now, runTime, deps.config.tz);
  let itemId: number | null = null;
  try {
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
      itemId = item.id as number;
      // In `skip` from the claim on, so no other worker of this run takes it in the moment after a failed
      // claim rolls back; a claim that commits leaves it again (the item is in flight by then).
      skip.push(itemId);
      const key = `refund-queue:${item.id}:${item.attempts + 1}`;
      await trx('refund_queue').where({ id: item.id }).update({
        in_flight_key: key,
        next_attempt_at: next,
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
    if (!row || itemId === null) return null;
    skip.splice(skip.indexOf(itemId), 1);
    return { itemId, row, nextRun: next };
  } catch (err) {
    if (itemId === null) throw err;
    await keepError(deps, itemId, next, err, skip);
    return 'errored';
  }
}

/** Step 3: the answer booked; 'errored' when the booking threw (the attempt stays for the reconciler). */
export async function bookItem(
  deps: QueueDeps,
  claimed: Claimed,
  answer: Awaited<ReturnType<typeof askGateway>>,
  actor: Actor,
  skip: number[],
): Promise<ItemOutcome> {
  try {
    const booked = await bookMoneyBack(deps, claimed.row.id, answer, actor);
    return booked.row.status === 'approved' ? 'refunded' : booked.itemFailed ? 'failed' : 'retryLater';
  } catch (err) {
    await keepError(deps, claimed.itemId, claimed.nextRun, err, skip);
    return 'errored';
  }
}

const keepError = async (deps: QueueDeps, itemId: number, nextRun: Date, err: unknown, skip: number[]) => {
  if (!skip.includes(itemId)) skip.push(itemId);
  await markItemErrored(deps, itemId, nextRun, err).catch((e) =>
    deps.logger?.error({ err: e, refundQueueItem: itemId }, 'refund queue item error not recorded'),
  );
};
