import type { Knex } from 'knex';

/**
 * Coupons (made by an admin), their redemptions on a subscription (by an agent), and each cycle a
 * redemption lowered (an application, returned like credit if the card of that charge declines).
 * `cycles` null is "forever"; `cycles_left` counts down per paid cycle.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE coupons (
      id bigserial PRIMARY KEY,
      code text NOT NULL CHECK (code = upper(code) AND code ~ '^[A-Z0-9_-]{2,40}$'),
      percent_off integer CHECK (percent_off BETWEEN 1 AND 100),
      amount_off_cents bigint CHECK (amount_off_cents > 0),
      currency char(3),
      cycles integer CHECK (cycles > 0),
      valid_from date,
      valid_until date,
      max_redemptions integer CHECK (max_redemptions > 0),
      created_by bigint REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((percent_off IS NULL) <> (amount_off_cents IS NULL)),
      CHECK ((amount_off_cents IS NULL) = (currency IS NULL)),
      CHECK (valid_until IS NULL OR valid_from IS NULL OR valid_until >= valid_from)
    );
    CREATE UNIQUE INDEX coupons_code ON coupons (code);

    CREATE TABLE coupon_redemptions (
      id bigserial PRIMARY KEY,
      coupon_id bigint NOT NULL REFERENCES coupons ON DELETE RESTRICT,
      customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
      purchase_id bigint NOT NULL REFERENCES purchases ON DELETE CASCADE,
      created_by bigint REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      removed_at timestamptz,
      removed_by bigint REFERENCES users ON DELETE SET NULL
    );
    CREATE INDEX coupon_redemptions_customer ON coupon_redemptions (customer_id, id);
    -- One coupon at a time on a subscription.
    CREATE UNIQUE INDEX coupon_redemptions_live ON coupon_redemptions (purchase_id) WHERE removed_at IS NULL;

    CREATE TABLE coupon_applications (
      id bigserial PRIMARY KEY,
      coupon_redemption_id bigint NOT NULL REFERENCES coupon_redemptions ON DELETE CASCADE,
      billing_cycle integer NOT NULL,
      discount_cents bigint NOT NULL CHECK (discount_cents > 0),
      transaction_id bigint REFERENCES transactions ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      returned_at timestamptz
    );
    CREATE UNIQUE INDEX coupon_applications_cycle ON coupon_applications (coupon_redemption_id, billing_cycle)
      WHERE returned_at IS NULL;
    CREATE INDEX coupon_applications_transaction ON coupon_applications (transaction_id) WHERE transaction_id IS NOT NULL;

    ALTER TABLE transactions ADD COLUMN discount_cents bigint NOT NULL DEFAULT 0 CHECK (discount_cents >= 0);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE transactions DROP COLUMN discount_cents;
    DROP TABLE coupon_applications, coupon_redemptions, coupons;
  `);
}
