import type { Knex } from 'knex';

// A note can link a file, a transaction or an order of its customer (set null if that record goes),
// and mention colleagues: each mention waits on the colleague's dashboard until they mark it read.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE history_entries
      ADD COLUMN file_id bigint REFERENCES files ON DELETE SET NULL,
      ADD COLUMN transaction_id bigint REFERENCES transactions ON DELETE SET NULL,
      ADD COLUMN order_id bigint REFERENCES orders ON DELETE SET NULL;

    CREATE TABLE note_mentions (
      id bigserial PRIMARY KEY,
      history_entry_id bigint NOT NULL REFERENCES history_entries ON DELETE CASCADE,
      user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE,
      read_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (history_entry_id, user_id)
    );
    CREATE INDEX note_mentions_unread ON note_mentions (user_id, id DESC) WHERE read_at IS NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE note_mentions;
    ALTER TABLE history_entries DROP COLUMN order_id, DROP COLUMN transaction_id, DROP COLUMN file_id;
  `);
}
