import type { Knex } from 'knex';

/**
 * Store credit becomes credit memos: what was given (a memo) and what was used of it (a use, against
 * one memo, returned if the card of that charge declines). The typed balance is carried over as one
 * memo per customer; credit held by a charge still waiting for its answer stays held, as a use of that
 * memo, so a later decline gives it back as before.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE credit_memos (
      id bigserial PRIMARY KEY,
      customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      currency char(3) NOT NULL,
      reason text NOT NULL,
      source_transaction_id bigint REFERENCES transactions ON DELETE SET NULL,
      source_order_id bigint REFERENCES orders ON DELETE SET NULL,
      created_by bigint REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      voided_at timestamptz,
      voided_by bigint REFERENCES users ON DELETE SET NULL,
      void_reason text,
      -- The form's key: a resubmitted form gives the credit once.
      idempotency_key text UNIQUE
    );
    CREATE INDEX credit_memos_customer ON credit_memos (customer_id, id);

    CREATE TABLE credit_uses (
      id bigserial PRIMARY KEY,
      credit_memo_id bigint NOT NULL REFERENCES credit_memos ON DELETE CASCADE,
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      purchase_id bigint REFERENCES purchases ON DELETE SET NULL,
      billing_cycle integer,
      transaction_id bigint REFERENCES transactions ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      returned_at timestamptz
    );
    CREATE INDEX credit_uses_memo ON credit_uses (credit_memo_id) WHERE returned_at IS NULL;
    CREATE INDEX credit_uses_transaction ON credit_uses (transaction_id) WHERE transaction_id IS NOT NULL;

    ALTER TABLE settings ADD COLUMN credit_reasons text[] NOT NULL
      DEFAULT ARRAY['Instead of a refund', 'Goodwill', 'Late delivery', 'Damaged item', 'Balance carried over'];

    WITH held AS (
      SELECT customer_id, sum(credit_used_cents) AS cents FROM transactions
      WHERE type = 'sale' AND status IN ('sending', 'errored') AND credit_used_cents > 0 GROUP BY customer_id
    )
    INSERT INTO credit_memos (customer_id, amount_cents, currency, reason, created_at)
    SELECT c.id, c.credit_balance_cents + coalesce(h.cents, 0), c.currency, 'Balance carried over', now()
    FROM customers c LEFT JOIN held h ON h.customer_id = c.id
    WHERE c.credit_balance_cents + coalesce(h.cents, 0) > 0;

    INSERT INTO credit_uses (credit_memo_id, amount_cents, purchase_id, billing_cycle, transaction_id, created_at)
    SELECT m.id, t.credit_used_cents, t.purchase_id, t.billing_cycle, t.id, t.created_at
    FROM transactions t JOIN credit_memos m ON m.customer_id = t.customer_id
    WHERE t.type = 'sale' AND t.status IN ('sending', 'errored') AND t.credit_used_cents > 0;

    ALTER TABLE customers DROP COLUMN credit_balance_cents;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE customers ADD COLUMN credit_balance_cents bigint NOT NULL DEFAULT 0 CHECK (credit_balance_cents >= 0);
    UPDATE customers c SET credit_balance_cents = b.cents FROM (
      SELECT m.customer_id, sum(m.amount_cents - coalesce((SELECT sum(u.amount_cents) FROM credit_uses u
        WHERE u.credit_memo_id = m.id AND u.returned_at IS NULL), 0)) AS cents
      FROM credit_memos m WHERE m.voided_at IS NULL GROUP BY m.customer_id
    ) b WHERE b.customer_id = c.id;
    ALTER TABLE settings DROP COLUMN credit_reasons;
    DROP TABLE credit_uses, credit_memos;
  `);
}
