import type { Deps } from '../deps';
import type { Logger } from '../lib/logger';

/**
 * A queue item whose retry threw (its claim or its booking broke a constraint, the database refused
 * it): the run logs it and goes on with the others. The error is kept on the item for the queue
 * page; an item whose claim was rolled back waits for `nextRun` (not the next minute's run), and an
 * item whose attempt reached the gateway keeps its in-flight attempt for the reconciler.
 */
export async function markItemErrored(
  deps: Pick<Deps, 'db' | 'clock'> & { logger?: Logger },
  itemId: number,
  nextRun: Date,
  err: unknown,
): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  deps.logger?.error({ err, refundQueueItem: itemId }, 'refund queue item could not be processed');
  const now = deps.clock.now();
  await deps
    .db('refund_queue')
    .where({ id: itemId })
    .update({
      last_error: message.slice(0, 500),
      last_error_at: now,
      next_attempt_at: deps.db.raw(
        "CASE WHEN in_flight_key IS NULL AND status = 'queued' THEN ? ELSE next_attempt_at END",
        [nextRun],
      ),
      updated_at: now,
    });
}
