import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE webhook_endpoints (
      id bigserial PRIMARY KEY,
      url text NOT NULL,
      events text[] NOT NULL CHECK (cardinality(events) > 0),
      -- Kept in clear: it is the HMAC key every delivery is signed with.
      secret text NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      failing_since timestamptz,
      disabled_reason text,
      created_by bigint REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- The outbox: one row per event and endpoint, written in the transaction of the event's cause.
    CREATE TABLE webhook_deliveries (
      id bigserial PRIMARY KEY,
      endpoint_id bigint NOT NULL REFERENCES webhook_endpoints ON DELETE CASCADE,
      event_id text NOT NULL,
      event_type text NOT NULL,
      body text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      -- NULL: due at once (the database clock and a job's clock need not agree to the second).
      next_attempt_at timestamptz,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (endpoint_id, event_id)
    );
    CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at NULLS FIRST, id) WHERE status = 'pending';
    CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id DESC);

    CREATE TABLE webhook_attempts (
      id bigserial PRIMARY KEY,
      delivery_id bigint NOT NULL REFERENCES webhook_deliveries ON DELETE CASCADE,
      attempted_at timestamptz NOT NULL,
      status_code integer,
      duration_ms integer NOT NULL CHECK (duration_ms >= 0),
      response_excerpt text NOT NULL DEFAULT '',
      error text
    );
    CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE webhook_attempts, webhook_deliveries, webhook_endpoints');
}
