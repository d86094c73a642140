import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE products (
      id bigserial PRIMARY KEY,
      sku text NOT NULL UNIQUE,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('one_time', 'continuity')),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    -- Prices live on the option (variant): a one-time price, or trial price/days + rebill price/cycle.
    CREATE TABLE product_options (
      id bigserial PRIMARY KEY,
      product_id bigint NOT NULL REFERENCES products ON DELETE CASCADE,
      name text NOT NULL,
      sku text NOT NULL UNIQUE,
      currency char(3) NOT NULL DEFAULT 'USD',
      price_cents bigint NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
      trial_price_cents bigint CHECK (trial_price_cents >= 0),
      trial_days integer CHECK (trial_days >= 0),
      rebill_price_cents bigint CHECK (rebill_price_cents >= 0),
      cycle_days integer CHECK (cycle_days > 0),
      final_cycle integer CHECK (final_cycle >= 1),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX product_options_product ON product_options (product_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE product_options, products');
}
