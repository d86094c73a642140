import type { Knex } from 'knex';

// Recent customers moved to a cookie (src/customers/recent.ts): a profile view writes nothing to PostgreSQL.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE recent_customers');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE recent_customers (
      user_id bigint PRIMARY KEY REFERENCES users ON DELETE CASCADE,
      customer_ids bigint[] NOT NULL CHECK (cardinality(customer_ids) <= 20)
    )`);
}
