import type { Knex } from 'knex';

// Flash messages leave the session row: several htmx requests of one session run at once, and each
// saving the whole session overwrote the others' messages. One row per message, taken with
// DELETE … RETURNING, is shown exactly once whatever the interleaving.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE flash_messages (
      id bigserial PRIMARY KEY,
      session_id varchar NOT NULL,
      type text NOT NULL CHECK (type IN ('success', 'error', 'info')),
      text text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX flash_messages_session ON flash_messages (session_id, id);
    CREATE INDEX flash_messages_created ON flash_messages (created_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE flash_messages');
}
