import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- What each line of an imported file became: running a file again finds its source ids here.
    CREATE TABLE import_ids (
      record text NOT NULL CHECK (record IN ('customer', 'order', 'item', 'charge', 'subscription')),
      source_id text NOT NULL,
      target_id bigint NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (record, source_id)
    );

    -- A file uploaded on /admin/imports, kept between its dry run and the admin's confirmation.
    CREATE TABLE import_files (
      id bigserial PRIMARY KEY,
      filename text NOT NULL,
      content text NOT NULL,
      status text NOT NULL CHECK (status IN ('checked', 'imported')),
      report jsonb NOT NULL,
      created_by bigint REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      imported_at timestamptz
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE import_files, import_ids');
}
