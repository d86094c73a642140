import type { Knex } from 'knex';

/**
 * Every gateway call is preceded by a committed attempt row in `transactions` with status `sending`
 * (sales, refunds, voids alike), so a crash between the gateway's answer and its booking leaves a
 * row the reconciler looks up by its key. `queued_cents` is the amount held on a sale by refunds and
 * voids in flight or waiting in the refund queue; the existing CHECK keeps refunded + held ≤ amount.
 * `credit_used_cents`: store credit reserved by a subscription charge, returned if the card declines.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE transactions DROP CONSTRAINT transactions_check1;
    ALTER TABLE transactions ADD CONSTRAINT transactions_status_by_type CHECK (
      (type = 'sale' AND status IN ('sending', 'pending', 'settled', 'declined', 'partially_refunded', 'refunded', 'voided', 'errored'))
      OR (type <> 'sale' AND status IN ('sending', 'approved', 'declined', 'errored'))
    );
    ALTER TABLE transactions ADD COLUMN credit_used_cents bigint NOT NULL DEFAULT 0 CHECK (credit_used_cents >= 0);
    ALTER TABLE transactions ADD COLUMN booked_at timestamptz;
    CREATE INDEX transactions_unresolved ON transactions (created_at) WHERE status IN ('sending', 'errored');
    ALTER TABLE refund_queue ADD COLUMN in_flight_key text;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE refund_queue DROP COLUMN in_flight_key;
    DROP INDEX transactions_unresolved;
    ALTER TABLE transactions DROP COLUMN booked_at, DROP COLUMN credit_used_cents;
    ALTER TABLE transactions DROP CONSTRAINT transactions_status_by_type;
    ALTER TABLE transactions ADD CONSTRAINT transactions_check1 CHECK (
      (type = 'sale' AND status IN ('pending', 'settled', 'declined', 'partially_refunded', 'refunded', 'voided', 'errored'))
      OR (type <> 'sale' AND status IN ('approved', 'declined', 'errored'))
    );
  `);
}
