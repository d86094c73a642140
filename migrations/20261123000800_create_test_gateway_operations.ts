import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- The built-in test gateway's own books: what it was asked and what it answered, per idempotency
    -- key. A real gateway keeps these on its side; ours keeps them here so every app process agrees.
    CREATE TABLE test_gateway_operations (
      idempotency_key text PRIMARY KEY,
      operation text NOT NULL CHECK (operation IN ('charge', 'void', 'refund')),
      token text NOT NULL,
      reference text NOT NULL,
      sale_reference text,
      amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
      outcome text NOT NULL CHECK (outcome IN ('approved', 'declined')),
      message text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX test_gateway_operations_sale ON test_gateway_operations (sale_reference, operation);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE test_gateway_operations');
}
