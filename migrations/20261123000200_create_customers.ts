import type { Knex } from 'knex';

const address = (p: string) => `
      ${p}_address1 text, ${p}_address2 text, ${p}_city text, ${p}_state text,
      ${p}_postal_code text, ${p}_country char(2),`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE customers (
      id bigserial PRIMARY KEY,
      first_name text NOT NULL DEFAULT '',
      last_name text NOT NULL DEFAULT '',
      email text CHECK (email = lower(email)),
      phone text,
      phone_digits text GENERATED ALWAYS AS (nullif(regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'), '')) STORED,
      ${address('billing')}
      ${address('shipping')}
      custom1 text,
      custom2 text,
      utm_source text, utm_medium text, utm_campaign text, utm_term text, utm_content text,
      affiliate_id text,
      tags text[] NOT NULL DEFAULT '{}',
      credit_balance_cents bigint NOT NULL DEFAULT 0 CHECK (credit_balance_cents >= 0),
      currency char(3) NOT NULL DEFAULT 'USD',
      membership_login text,
      membership_password_hash text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX customers_email ON customers (email);
    CREATE INDEX customers_email_trgm ON customers USING gin (email gin_trgm_ops);
    CREATE INDEX customers_name_trgm ON customers USING gin ((lower(first_name || ' ' || last_name)) gin_trgm_ops);
    CREATE INDEX customers_phone_digits ON customers (phone_digits);
    CREATE INDEX customers_created_at ON customers (created_at, id);
    CREATE INDEX customers_tags ON customers USING gin (tags);
    CREATE UNIQUE INDEX customers_membership_login ON customers (lower(membership_login)) WHERE membership_login IS NOT NULL;

    CREATE TABLE customer_custom_fields (
      id bigserial PRIMARY KEY,
      customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
      name text NOT NULL,
      value text NOT NULL DEFAULT '',
      UNIQUE (customer_id, name)
    );

    CREATE TABLE customer_memberships (
      id bigserial PRIMARY KEY,
      customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
      club text NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'cancelled', 'expired')),
      started_at timestamptz NOT NULL DEFAULT now(),
      ended_at timestamptz
    );
    CREATE INDEX customer_memberships_customer ON customer_memberships (customer_id);

    CREATE TABLE saved_segments (
      id bigserial PRIMARY KEY,
      name text NOT NULL,
      filters jsonb NOT NULL,
      user_id bigint REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE payment_instruments (
      id bigserial PRIMARY KEY,
      customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
      brand text NOT NULL,
      last4 char(4) NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
      bin char(6) NOT NULL CHECK (bin ~ '^[0-9]{6}$'),
      exp_month smallint NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
      exp_year smallint NOT NULL,
      fingerprint text NOT NULL,
      gateway_token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX payment_instruments_customer ON payment_instruments (customer_id);
    CREATE INDEX payment_instruments_last4 ON payment_instruments (last4);
    CREATE INDEX payment_instruments_fingerprint ON payment_instruments (fingerprint);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE payment_instruments, saved_segments, customer_memberships,
    customer_custom_fields, customers`);
}
