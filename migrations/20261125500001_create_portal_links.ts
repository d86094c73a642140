import type { Knex } from 'knex';

// The customer's own pages: a link an agent (or the click-to-cancel page, or a reminder) makes for one
// customer. The token is `selector + verifier`: the selector finds the row, only the verifier's sha256 is
// kept and it is compared in constant time. Events done through a link name it as their actor.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE events DROP CONSTRAINT events_actor_kind_check;
    ALTER TABLE events ADD CONSTRAINT events_actor_kind_check
      CHECK (actor_kind IN ('user', 'job', 'system', 'api_key', 'portal_link'));

    CREATE TABLE portal_links (
      id bigserial PRIMARY KEY,
      customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
      purpose text NOT NULL CHECK (purpose IN ('portal', 'card', 'cancel', 'documents')),
      source text NOT NULL CHECK (source IN ('agent', 'cancel_page', 'reminder')),
      selector text NOT NULL UNIQUE CHECK (selector ~ '^[A-Za-z0-9_-]{16}$'),
      verifier_hash text NOT NULL,
      expires_at timestamptz NOT NULL,
      created_by bigint REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      opened_at timestamptz,
      used_at timestamptz,
      revoked_at timestamptz
    );
    CREATE INDEX portal_links_customer ON portal_links (customer_id, id DESC);

    -- The pre-billing reminder: at most one a purchase and bill date, whichever process runs the job.
    CREATE TABLE rebill_reminders (
      purchase_id bigint NOT NULL REFERENCES purchases ON DELETE CASCADE,
      bill_date date NOT NULL,
      sent_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (purchase_id, bill_date)
    );
    ALTER TABLE settings ADD COLUMN rebill_reminder_days integer NOT NULL DEFAULT 3
      CHECK (rebill_reminder_days BETWEEN 0 AND 30);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE settings DROP COLUMN rebill_reminder_days;
    DROP TABLE rebill_reminders, portal_links;
    DELETE FROM events WHERE actor_kind = 'portal_link';
    ALTER TABLE events DROP CONSTRAINT events_actor_kind_check;
    ALTER TABLE events ADD CONSTRAINT events_actor_kind_check CHECK (actor_kind IN ('user', 'job', 'system', 'api_key'));
  `);
}
