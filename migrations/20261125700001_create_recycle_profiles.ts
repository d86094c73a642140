import type { Knex } from 'knex';

// Recycle billing profiles: what a declined rebill does next. The default profile repeats what the rebill
// did before profiles existed (two retries, a day apart, at full price); a product may name another one.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE recycle_profiles (
      id bigserial PRIMARY KEY,
      name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
      is_default boolean NOT NULL DEFAULT false,
      attempts jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attempts) = 'array'),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX recycle_profiles_one_default ON recycle_profiles (is_default) WHERE is_default;
    INSERT INTO recycle_profiles (name, is_default, attempts) VALUES ('Standard', true,
      '[{"delay_days":1,"reduction":null,"min_price_cents":null},{"delay_days":1,"reduction":null,"min_price_cents":null}]');
    ALTER TABLE products ADD COLUMN recycle_profile_id bigint REFERENCES recycle_profiles ON DELETE SET NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE products DROP COLUMN recycle_profile_id; DROP TABLE recycle_profiles');
}
