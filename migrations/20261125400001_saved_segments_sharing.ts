import type { Knex } from 'knex';

// Saved segments get their screen: a segment is private to its owner or shared with everyone, and the
// list beside the search reads "mine or shared", which these two indexes answer.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE saved_segments
      ADD COLUMN shared boolean NOT NULL DEFAULT false,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
      ADD CONSTRAINT saved_segments_name_length CHECK (length(name) BETWEEN 1 AND 80);
    CREATE INDEX saved_segments_user ON saved_segments (user_id);
    CREATE INDEX saved_segments_shared ON saved_segments (id) WHERE shared;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX saved_segments_shared;
    DROP INDEX saved_segments_user;
    ALTER TABLE saved_segments DROP CONSTRAINT saved_segments_name_length, DROP COLUMN updated_at, DROP COLUMN shared;
  `);
}
