import type { Knex } from 'knex';

// "Restrict customer search" (admin setting), and each user's last 20 opened profiles as one row of
// ids, newest first: a profile view is at most one upsert of that small row (docs/PERFORMANCE.md).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE settings ADD COLUMN restrict_customer_search boolean NOT NULL DEFAULT false;
    CREATE TABLE recent_customers (
      user_id bigint PRIMARY KEY REFERENCES users ON DELETE CASCADE,
      customer_ids bigint[] NOT NULL CHECK (cardinality(customer_ids) <= 20)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE recent_customers; ALTER TABLE settings DROP COLUMN restrict_customer_search');
}
