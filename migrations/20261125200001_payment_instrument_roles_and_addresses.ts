import type { Knex } from 'knex';

/**
 * Cards on file become managed instruments: a role (the customer's default card, or the backup the
 * rebill tries once after a decline on the default; at most one of each per customer), a billing
 * address of their own, and deactivation instead of deletion — a deactivated card keeps its
 * history and is never charged again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE payment_instruments
      ADD COLUMN role text CHECK (role IN ('default', 'backup')),
      ADD COLUMN billing_address1 text, ADD COLUMN billing_address2 text, ADD COLUMN billing_city text,
      ADD COLUMN billing_state text, ADD COLUMN billing_postal_code text, ADD COLUMN billing_country char(2),
      ADD COLUMN deactivated_at timestamptz,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
      ADD CONSTRAINT payment_instruments_deactivated_has_no_role CHECK (deactivated_at IS NULL OR role IS NULL);
    CREATE UNIQUE INDEX payment_instruments_one_role ON payment_instruments (customer_id, role) WHERE role IS NOT NULL;
    -- Cards already on file: each customer's newest card becomes the default.
    UPDATE payment_instruments SET role = 'default'
      WHERE id IN (SELECT DISTINCT ON (customer_id) id FROM payment_instruments ORDER BY customer_id, id DESC);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX payment_instruments_one_role;
    ALTER TABLE payment_instruments DROP CONSTRAINT payment_instruments_deactivated_has_no_role,
      DROP COLUMN role, DROP COLUMN billing_address1, DROP COLUMN billing_address2, DROP COLUMN billing_city,
      DROP COLUMN billing_state, DROP COLUMN billing_postal_code, DROP COLUMN billing_country,
      DROP COLUMN deactivated_at, DROP COLUMN updated_at;
  `);
}
