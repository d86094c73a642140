import type { Knex } from 'knex';

// Refund options (issue 18 item 1):
// - a refund made in the gateway's own portal is recorded with `gateway = 'external'` and never sent;
//   `notify_customer` says whether its email was chosen (a refund sent to the gateway always emails);
// - a refund of one product line names the line, on the attempt row and on the queue item a declined
//   one becomes, so the line's cap counts what is held for it as well as what was refunded;
// - the setting that lets agents, not only admins, record external refunds.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE transactions ADD COLUMN notify_customer boolean NOT NULL DEFAULT true;
    ALTER TABLE transactions ADD COLUMN order_item_id bigint REFERENCES order_items ON DELETE SET NULL;
    CREATE INDEX transactions_order_item ON transactions (order_item_id) WHERE order_item_id IS NOT NULL;
    ALTER TABLE refund_queue ADD COLUMN order_item_id bigint REFERENCES order_items ON DELETE SET NULL;
    CREATE INDEX refund_queue_order_item ON refund_queue (order_item_id) WHERE order_item_id IS NOT NULL;
    ALTER TABLE settings ADD COLUMN agents_refund_externally boolean NOT NULL DEFAULT false;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE settings DROP COLUMN agents_refund_externally;
    ALTER TABLE refund_queue DROP COLUMN order_item_id;
    ALTER TABLE transactions DROP COLUMN order_item_id, DROP COLUMN notify_customer;
  `);
}
