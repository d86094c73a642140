import type { Knex } from 'knex';

// The profile pages its transactions and fulfillments newest first by date, keyset on (created_at, id):
// one index range read per page, whatever the customer's count (a customer with 5,000 transactions read
// and rendered them all). They replace the indexes they extend: customer_id (and created_at) lead both.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX IF NOT EXISTS transactions_customer_created ON transactions (customer_id, created_at DESC, id DESC);
    DROP INDEX IF EXISTS transactions_customer;
    CREATE INDEX IF NOT EXISTS fulfillments_customer_created ON fulfillments (customer_id, created_at DESC, id DESC);
    DROP INDEX IF EXISTS fulfillments_customer;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX IF NOT EXISTS transactions_customer ON transactions (customer_id, created_at DESC);
    DROP INDEX IF EXISTS transactions_customer_created;
    CREATE INDEX IF NOT EXISTS fulfillments_customer ON fulfillments (customer_id);
    DROP INDEX IF EXISTS fulfillments_customer_created;
  `);
}
