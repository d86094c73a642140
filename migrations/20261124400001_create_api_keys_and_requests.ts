import type { Knex } from 'knex';

// API keys (only the sha256 of the key is kept) and the idempotency record of every API POST: the unique
// (key, Idempotency-Key) row is inserted before the work, so two concurrent requests with one key do it once.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE events DROP CONSTRAINT events_actor_kind_check;
    ALTER TABLE events ADD CONSTRAINT events_actor_kind_check CHECK (actor_kind IN ('user', 'job', 'system', 'api_key'));

    CREATE TABLE api_keys (
      id bigserial PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      prefix text NOT NULL,
      key_hash text NOT NULL UNIQUE,
      scopes text[] NOT NULL,
      allowed_cidrs text[] NOT NULL DEFAULT '{}',
      created_by bigint REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    CREATE TABLE api_requests (
      id bigserial PRIMARY KEY,
      api_key_id bigint NOT NULL REFERENCES api_keys ON DELETE CASCADE,
      idempotency_key text NOT NULL,
      fingerprint text NOT NULL,
      status integer,
      body jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (api_key_id, idempotency_key)
    );
    CREATE INDEX api_requests_created ON api_requests (created_at);

    CREATE INDEX customers_updated ON customers (updated_at, id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX customers_updated;
    DROP TABLE api_requests, api_keys;
    DELETE FROM events WHERE actor_kind = 'api_key';
    ALTER TABLE events DROP CONSTRAINT events_actor_kind_check;
    ALTER TABLE events ADD CONSTRAINT events_actor_kind_check CHECK (actor_kind IN ('user', 'job', 'system'));
  `);
}
