import type { Knex } from 'knex';

// The profile's orders tab pages newest first by date like its transactions (keyset on created_at, id):
// the index it extends is dropped, customer_id and created_at lead both.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX IF NOT EXISTS orders_customer_created ON orders (customer_id, created_at DESC, id DESC);
    DROP INDEX IF EXISTS orders_customer;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX IF NOT EXISTS orders_customer ON orders (customer_id, created_at DESC);
    DROP INDEX IF EXISTS orders_customer_created;
  `);
}
