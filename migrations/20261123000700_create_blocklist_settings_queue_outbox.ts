import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE blocklist_entries (
      id bigserial PRIMARY KEY,
      type text NOT NULL CHECK (type IN ('email', 'phone', 'card_fingerprint', 'card_bin', 'ip', 'address', 'country')),
      value text NOT NULL,
      display_value text NOT NULL,
      reason text NOT NULL,
      expires_at timestamptz,
      customer_id bigint REFERENCES customers ON DELETE SET NULL,
      created_by bigint REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      lifted_at timestamptz,
      lifted_by bigint REFERENCES users ON DELETE SET NULL
    );
    CREATE INDEX blocklist_active ON blocklist_entries (type, value) WHERE lifted_at IS NULL;
    CREATE INDEX blocklist_customer ON blocklist_entries (customer_id) WHERE lifted_at IS NULL;

    -- One row: the account's settings.
    CREATE TABLE settings (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      rebill_time text NOT NULL DEFAULT '06:00' CHECK (rebill_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      refund_queue_time text NOT NULL DEFAULT '07:00' CHECK (refund_queue_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      settlement_time text NOT NULL DEFAULT '02:00' CHECK (settlement_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      auto_cancel_on_refund boolean NOT NULL DEFAULT false,
      refund_reasons text[] NOT NULL,
      cancellation_reasons text[] NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by bigint REFERENCES users ON DELETE SET NULL
    );
    INSERT INTO settings (refund_reasons, cancellation_reasons) VALUES (
      ARRAY['Customer request', 'Did not receive', 'Product damaged', 'Unauthorized charge', 'Duplicate charge', 'Chargeback prevention'],
      ARRAY['Customer request', 'Too expensive', 'Did not like product', 'Fraud', 'Rebill declined']
    );

    CREATE TABLE notify_emails (
      id bigserial PRIMARY KEY,
      email text NOT NULL UNIQUE CHECK (email = lower(email)),
      created_by bigint REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE refund_queue (
      id bigserial PRIMARY KEY,
      transaction_id bigint NOT NULL REFERENCES transactions ON DELETE CASCADE,
      customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      currency char(3) NOT NULL DEFAULT 'USD',
      reason text NOT NULL,
      status text NOT NULL CHECK (status IN ('queued', 'succeeded', 'failed', 'dropped')),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 3),
      next_attempt_at timestamptz,
      attempt_log jsonb NOT NULL DEFAULT '[]',
      refund_transaction_id bigint REFERENCES transactions ON DELETE SET NULL,
      requested_by bigint REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX refund_queue_due ON refund_queue (next_attempt_at) WHERE status = 'queued';
    CREATE INDEX refund_queue_transaction ON refund_queue (transaction_id);

    CREATE TABLE email_outbox (
      id bigserial PRIMARY KEY,
      template text NOT NULL,
      to_address text NOT NULL,
      subject text NOT NULL,
      text_body text NOT NULL,
      html_body text,
      customer_id bigint REFERENCES customers ON DELETE SET NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      message_id text,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE status = 'pending';
    CREATE INDEX email_outbox_customer ON email_outbox (customer_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE email_outbox, refund_queue, notify_emails, settings, blocklist_entries');
}
