import type { Knex } from 'knex';

// The queue claims "the first due item not locked by another worker" ordered by (next_attempt_at, id):
// with both columns in the index the claim reads it in order and stops, instead of sorting every
// due item on each claim (quadratic over a run of 10,000 items).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS refund_queue_due');
  await knex.raw("CREATE INDEX refund_queue_due ON refund_queue (next_attempt_at, id) WHERE status = 'queued'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS refund_queue_due');
  await knex.raw("CREATE INDEX refund_queue_due ON refund_queue (next_attempt_at) WHERE status = 'queued'");
}
