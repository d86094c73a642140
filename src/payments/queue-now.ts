import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import type { Deps } from '../deps';
import { formatMoney } from '../lib/money';
import { fail, NotFoundError, type Result } from '../lib/results';
import { formatWhen } from '../lib/time';
import { attemptOne } from './queue-attempt';

/**
 * The refund queue by hand (admin): one item retried now, and what "Run now" would do. A retry by
 * hand is the item's attempt of the day (the daily run leaves it until tomorrow) and goes through the
 * queue's own claim, so the daily run, a second click or another container never tries it twice.
 */
export async function retryItemNow(
  deps: Deps,
  user: SessionUser,
  id: number,
): Promise<Result<{ message: string }, 'not_queued' | 'errored'>> {
  const item = await deps.db('refund_queue').where({ id }).first();
  if (!item) throw new NotFoundError('That queue item');
  if (item.status !== 'queued' || item.in_flight_key)
    return fail('not_queued', 'This refund is not waiting in the queue (or a retry of it is running right now).');
  const settings = await deps.db('settings').first('refund_queue_time');
  const outcome = await attemptOne(deps, settings.refund_queue_time, { itemId: id, actor: actorOf(user) });
  if (!outcome) return fail('not_queued', 'This refund is being retried right now; its outcome will show here.');
  if (outcome === 'errored') {
    const { last_error: error } = await deps.db('refund_queue').where({ id }).first('last_error');
    return fail(
      'errored',
      `Queue item #${id} could not be processed (${error}); it stays in the queue with its error.`,
    );
  }
  await recordEvent(deps.db, {
    actor: actorOf(user),
    kind: 'refund_queue.retried_now',
    customerId: item.customer_id,
    subject: { type: 'refund_queue', id },
    summary: `Retried the queued refund of ${formatMoney(item.amount_cents, item.currency)} on charge #${item.transaction_id} now (retry ${item.attempts + 1} of 3, counted as that day's)`,
  });
  const after = await deps.db('refund_queue').where({ id }).first();
  const next = after.next_attempt_at ? formatWhen(after.next_attempt_at, deps.config.tz) : null;
  const words = {
    refunded: 'The gateway approved it: refunded.',
    failed:
      'The gateway declined it again; that was the last retry, so the item failed and the notify emails were told.',
    retryLater: `The gateway declined it again; the next retry is on ${next}.`,
  };
  return { ok: true, message: `Queue item #${id}: ${words[outcome]}` };
}

/** What "Run now" would try: the items due now, and when the next ones come due (and how many then). */
export async function queueOutlook(
  db: Db,
  now: Date,
): Promise<{ due: number; next: { at: Date; count: number } | null }> {
  const waiting = db('refund_queue').where({ status: 'queued' }).whereNull('in_flight_key');
  const [{ due }] = await waiting.clone().where('next_attempt_at', '<=', now).count({ due: '*' });
  const later = await waiting
    .clone()
    .where('next_attempt_at', '>', now)
    .groupBy('next_attempt_at')
    .orderBy('next_attempt_at')
    .first('next_attempt_at as at', db.raw('count(*)::int AS count'));
  return { due: Number(due), next: later ? { at: later.at, count: Number(later.count) } : null };
}
