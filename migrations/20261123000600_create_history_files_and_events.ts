import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- The customer's timeline: agents' notes and one line per system event, newest first.
    CREATE TABLE history_entries (
      id bigserial PRIMARY KEY,
      customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
      kind text NOT NULL,
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
      user_id bigint REFERENCES users ON DELETE SET NULL,
      actor_name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX history_entries_customer ON history_entries (customer_id, id DESC);

    -- Stored in the database so that every container behind a load balancer sees every file.
    CREATE TABLE files (
      id bigserial PRIMARY KEY,
      customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
      filename text NOT NULL,
      content_type text NOT NULL,
      size_bytes integer NOT NULL CHECK (size_bytes >= 0),
      content bytea NOT NULL,
      user_id bigint REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX files_customer ON files (customer_id);

    -- The audit trail. No foreign keys: it outlives deleted customers, and keeps the actor's name.
    CREATE TABLE events (
      id bigserial PRIMARY KEY,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'job', 'system')),
      actor_user_id bigint,
      actor_name text NOT NULL,
      kind text NOT NULL,
      customer_id bigint,
      subject_type text,
      subject_id text,
      summary text NOT NULL,
      before jsonb,
      after jsonb
    );
    CREATE INDEX events_recent ON events (id DESC);
    CREATE INDEX events_actor ON events (actor_user_id, id DESC);
    CREATE INDEX events_customer ON events (customer_id, id DESC);
    CREATE INDEX events_kind ON events (kind, id DESC);
    CREATE INDEX events_occurred ON events (occurred_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE events, files, history_entries');
}
