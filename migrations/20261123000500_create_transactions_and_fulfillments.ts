import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE transactions (
      id bigserial PRIMARY KEY,
      customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
      order_id bigint REFERENCES orders ON DELETE CASCADE,
      purchase_id bigint REFERENCES purchases ON DELETE SET NULL,
      payment_instrument_id bigint REFERENCES payment_instruments ON DELETE SET NULL,
      parent_id bigint REFERENCES transactions ON DELETE CASCADE,
      type text NOT NULL CHECK (type IN ('sale', 'refund', 'void', 'credit')),
      status text NOT NULL,
      amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
      refunded_cents bigint NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
      queued_cents bigint NOT NULL DEFAULT 0 CHECK (queued_cents >= 0),
      currency char(3) NOT NULL DEFAULT 'USD',
      gateway text NOT NULL DEFAULT 'test',
      gateway_reference text,
      gateway_message text,
      idempotency_key text UNIQUE,
      reason text,
      billing_cycle integer,
      user_id bigint REFERENCES users ON DELETE SET NULL,
      settled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (refunded_cents + queued_cents <= amount_cents),
      CHECK (
        (type = 'sale' AND status IN ('pending', 'settled', 'declined', 'partially_refunded', 'refunded', 'voided', 'errored'))
        OR (type <> 'sale' AND status IN ('approved', 'declined', 'errored'))
      ),
      CHECK ((type IN ('refund', 'void')) = (parent_id IS NOT NULL))
    );
    CREATE INDEX transactions_customer ON transactions (customer_id, created_at DESC);
    CREATE INDEX transactions_order ON transactions (order_id);
    CREATE INDEX transactions_parent ON transactions (parent_id);
    CREATE INDEX transactions_purchase ON transactions (purchase_id);
    CREATE INDEX transactions_type_created ON transactions (type, created_at);
    CREATE INDEX transactions_pending_sales ON transactions (created_at) WHERE type = 'sale' AND status = 'pending';

    CREATE TABLE fulfillments (
      id bigserial PRIMARY KEY,
      order_id bigint NOT NULL REFERENCES orders ON DELETE CASCADE,
      customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
      purchase_id bigint REFERENCES purchases ON DELETE SET NULL,
      reship_of_id bigint REFERENCES fulfillments ON DELETE SET NULL,
      reference text NOT NULL UNIQUE,
      status text NOT NULL CHECK (status IN ('hold', 'pending', 'shipped', 'delivered', 'cancelled', 'returned', 'failed')),
      carrier text,
      tracking_number text,
      shipped_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX fulfillments_customer ON fulfillments (customer_id);
    CREATE INDEX fulfillments_order ON fulfillments (order_id);

    CREATE TABLE fulfillment_items (
      id bigserial PRIMARY KEY,
      fulfillment_id bigint NOT NULL REFERENCES fulfillments ON DELETE CASCADE,
      product_option_id bigint NOT NULL REFERENCES product_options,
      name text NOT NULL,
      quantity integer NOT NULL CHECK (quantity > 0)
    );
    CREATE INDEX fulfillment_items_fulfillment ON fulfillment_items (fulfillment_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE fulfillment_items, fulfillments, transactions');
}
