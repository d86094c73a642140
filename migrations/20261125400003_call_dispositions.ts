import type { Knex } from 'knex';

// The admin's list of call dispositions, beside the refund and cancellation reasons. A logged call is
// an event (customer.call_logged, its disposition in "after") and a history line: no table of its own.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE settings ADD COLUMN call_dispositions text[] NOT NULL
      DEFAULT ARRAY['Resolved', 'Refund given', 'Cancelled', 'Saved (retained)', 'Call back', 'No answer'];
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE settings DROP COLUMN call_dispositions');
}
