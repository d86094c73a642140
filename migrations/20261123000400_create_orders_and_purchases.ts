import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE orders (
      id bigserial PRIMARY KEY,
      public_id text NOT NULL UNIQUE CHECK (public_id ~ '^[A-Z0-9]{6,12}$'),
      customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
      status text NOT NULL CHECK (status IN ('partial', 'pending', 'complete', 'declined', 'refunded', 'cancelled')),
      currency char(3) NOT NULL DEFAULT 'USD',
      shipping_cents bigint NOT NULL DEFAULT 0 CHECK (shipping_cents >= 0),
      tax_cents bigint NOT NULL DEFAULT 0 CHECK (tax_cents >= 0),
      decline_reason text,
      hard_decline boolean NOT NULL DEFAULT false,
      cancel_reason text,
      cancelled_at timestamptz,
      ip_address inet,
      created_by bigint REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX orders_customer ON orders (customer_id, created_at DESC);
    CREATE INDEX orders_status ON orders (status, customer_id);

    CREATE TABLE order_items (
      id bigserial PRIMARY KEY,
      order_id bigint NOT NULL REFERENCES orders ON DELETE CASCADE,
      product_id bigint NOT NULL REFERENCES products,
      product_option_id bigint NOT NULL REFERENCES product_options,
      name text NOT NULL,
      quantity integer NOT NULL CHECK (quantity > 0),
      unit_price_cents bigint NOT NULL CHECK (unit_price_cents >= 0),
      price_cents bigint GENERATED ALWAYS AS (quantity * unit_price_cents) STORED,
      cancelled_at timestamptz
    );
    CREATE INDEX order_items_order ON order_items (order_id);

    CREATE TABLE purchases (
      id bigserial PRIMARY KEY,
      order_id bigint NOT NULL REFERENCES orders ON DELETE CASCADE,
      customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
      product_id bigint NOT NULL REFERENCES products,
      product_option_id bigint NOT NULL REFERENCES product_options,
      payment_instrument_id bigint REFERENCES payment_instruments ON DELETE SET NULL,
      quantity integer NOT NULL CHECK (quantity > 0),
      unit_price_cents bigint NOT NULL CHECK (unit_price_cents >= 0),
      price_cents bigint GENERATED ALWAYS AS (quantity * unit_price_cents) STORED,
      next_price_cents bigint CHECK (next_price_cents >= 0),
      currency char(3) NOT NULL DEFAULT 'USD',
      billing_cycle integer NOT NULL DEFAULT 1 CHECK (billing_cycle >= 1),
      next_bill_date date,
      final_bill_cycle integer CHECK (final_bill_cycle >= 1),
      trial_end date,
      status text NOT NULL CHECK (status IN ('trial', 'active', 'paused', 'cancel_scheduled', 'recycling', 'cancelled', 'complete')),
      recycle_attempts integer NOT NULL DEFAULT 0 CHECK (recycle_attempts >= 0),
      cancel_reason text,
      cancelled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX purchases_customer ON purchases (customer_id);
    CREATE INDEX purchases_order ON purchases (order_id);
    CREATE INDEX purchases_status ON purchases (status, customer_id);
    CREATE INDEX purchases_due ON purchases (next_bill_date)
      WHERE status IN ('trial', 'active', 'recycling', 'cancel_scheduled', 'paused');
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE purchases, order_items, orders');
}
