import type { Knex } from 'knex';

/** The tables the bulk seeds fill with ids of their own choosing. */
export const BULK_TABLES = [
  'customers',
  'payment_instruments',
  'orders',
  'order_items',
  'purchases',
  'transactions',
  'fulfillments',
  'fulfillment_items',
];

/** Moves each id sequence past the ids the seeds wrote, so the app's next insert does not collide. */
export async function resetSequences(knex: Knex) {
  for (const t of [...BULK_TABLES, 'product_options'])
    await knex.raw(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), greatest(1, (SELECT max(id) FROM ${t})))`);
}
