import type { Knex } from 'knex';

// A queue item whose retry could not be processed (its booking broke a constraint, the database
// refused it): the error, and when, so the queue page shows it until the item's next claim clears it.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE refund_queue ADD COLUMN last_error text, ADD COLUMN last_error_at timestamptz');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE refund_queue DROP COLUMN last_error, DROP COLUMN last_error_at');
}
