import type { Db } from '../db/knex';

/**
 * The refund queue as agents see it. Declined refunds are put here and retried by the daily job
 * (its own issue); until then the page lists what the table holds.
 */
export const queueItems = (db: Db) =>
  db('refund_queue as q')
    .join('customers as c', 'c.id', 'q.customer_id')
    .select('q.id', 'q.transaction_id', 'q.amount_cents', 'q.currency', 'q.reason', 'q.status', 'q.attempts', 'q.next_attempt_at', 'q.attempt_log', 'q.created_at', 'c.id as customer_id', 'c.first_name', 'c.last_name')
    .orderByRaw("q.status = 'queued' DESC, q.next_attempt_at NULLS LAST, q.id DESC")
    .limit(200);
