import type { Knex } from 'knex';

/**
 * Stripe's webhooks: each event id is recorded once processed, so a redelivery changes nothing. A
 * dispute opened at Stripe becomes a `chargeback` transaction linked to its sale (status `approved`:
 * the bank took the money back), its amount held on the sale so nobody refunds it again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE stripe_events (
      id text PRIMARY KEY,
      type text NOT NULL,
      outcome text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    );
    ALTER TABLE transactions DROP CONSTRAINT transactions_type_check;
    ALTER TABLE transactions ADD CONSTRAINT transactions_type_check
      CHECK (type IN ('sale', 'refund', 'void', 'credit', 'chargeback'));
    ALTER TABLE transactions DROP CONSTRAINT transactions_check2;
    ALTER TABLE transactions ADD CONSTRAINT transactions_parent_by_type
      CHECK ((type IN ('refund', 'void', 'chargeback')) = (parent_id IS NOT NULL));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DELETE FROM transactions WHERE type = 'chargeback';
    ALTER TABLE transactions DROP CONSTRAINT transactions_parent_by_type;
    ALTER TABLE transactions ADD CONSTRAINT transactions_check2 CHECK ((type IN ('refund', 'void')) = (parent_id IS NOT NULL));
    ALTER TABLE transactions DROP CONSTRAINT transactions_type_check;
    ALTER TABLE transactions ADD CONSTRAINT transactions_type_check CHECK (type IN ('sale', 'refund', 'void', 'credit'));
    DROP TABLE stripe_events;
  `);
}
