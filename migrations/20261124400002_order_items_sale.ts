import type { Knex } from 'knex';

// Which sale paid for an item: an upsell adds items to an order and charges them on a sale of their own,
// so booking that sale opens purchases and a fulfillment for its items only. Older items: the order's first sale.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE order_items ADD COLUMN sale_id bigint REFERENCES transactions ON DELETE SET NULL;
    UPDATE order_items i SET sale_id = (
      SELECT min(t.id) FROM transactions t WHERE t.order_id = i.order_id AND t.type = 'sale' AND t.purchase_id IS NULL);
    CREATE INDEX order_items_sale ON order_items (sale_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE order_items DROP COLUMN sale_id');
}
