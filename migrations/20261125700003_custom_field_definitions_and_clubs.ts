import type { Knex } from 'knex';

// The custom fields an admin defines for agents to fill, and the membership clubs a product can grant.
// Values stay in customer_custom_fields (by name, as imports wrote them); memberships now name their club
// and the purchase that granted them, so a cancelled purchase ends its membership.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE custom_field_definitions (
      id bigserial PRIMARY KEY,
      name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 60),
      kind text NOT NULL CHECK (kind IN ('text', 'number', 'date', 'choice')),
      choices text[] NOT NULL DEFAULT '{}',
      required boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX customer_custom_fields_name_value ON customer_custom_fields (name, lower(value));

    CREATE TABLE membership_clubs (
      id bigserial PRIMARY KEY,
      name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
      product_id bigint REFERENCES products ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    ALTER TABLE customer_memberships
      ADD COLUMN club_id bigint REFERENCES membership_clubs ON DELETE SET NULL,
      ADD COLUMN purchase_id bigint REFERENCES purchases ON DELETE SET NULL;
    CREATE INDEX customer_memberships_purchase ON customer_memberships (purchase_id) WHERE purchase_id IS NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE customer_memberships DROP COLUMN purchase_id, DROP COLUMN club_id;
    DROP TABLE membership_clubs, custom_field_definitions;
    DROP INDEX customer_custom_fields_name_value;
  `);
}
