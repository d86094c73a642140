import type { Knex } from 'knex';

// A custom field or a club an admin retires is no longer offered for new use (the profile form, a
// manual membership, a product's grant); the values and memberships it already has keep showing.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE custom_field_definitions ADD COLUMN retired_at timestamptz;
    ALTER TABLE membership_clubs ADD COLUMN retired_at timestamptz;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE custom_field_definitions DROP COLUMN retired_at;
    ALTER TABLE membership_clubs DROP COLUMN retired_at;
  `);
}
