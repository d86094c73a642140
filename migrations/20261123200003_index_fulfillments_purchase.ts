import type { Knex } from 'knex';

// The purchase page lists the purchase's fulfillments: without an index on purchase_id that was a
// scan of every fulfillment (1.6 M rows at 1 M customers, ~4 s a page). It also serves the
// ON DELETE SET NULL from purchases.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX IF NOT EXISTS fulfillments_purchase ON fulfillments (purchase_id, id DESC)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS fulfillments_purchase');
}
