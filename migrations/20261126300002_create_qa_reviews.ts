import type { Knex } from 'knex';

// The QA queue (src/qa/): an order held for a person to approve or deny before it is fulfilled or rebilled.
// One review per order; `reasons` says why it was held. Pending reviews are read newest first and counted
// on the dashboard through the partial index.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE qa_reviews (
      id bigserial PRIMARY KEY,
      order_id bigint NOT NULL UNIQUE REFERENCES orders ON DELETE CASCADE,
      customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
      reasons jsonb NOT NULL CHECK (jsonb_typeof(reasons) = 'array' AND jsonb_array_length(reasons) > 0),
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'denied')),
      deny_reason text,
      decided_by bigint REFERENCES users ON DELETE SET NULL,
      decided_at timestamptz,
      created_at timestamptz NOT NULL,
      CHECK ((state = 'pending') = (decided_at IS NULL)),
      CHECK ((state = 'denied') = (deny_reason IS NOT NULL))
    );
    CREATE INDEX qa_reviews_pending ON qa_reviews (id DESC) WHERE state = 'pending';
    CREATE INDEX qa_reviews_customer ON qa_reviews (customer_id);
    ALTER TABLE settings ADD COLUMN qa_sample_percent integer NOT NULL DEFAULT 0
      CHECK (qa_sample_percent BETWEEN 0 AND 100);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE qa_reviews; ALTER TABLE settings DROP COLUMN qa_sample_percent');
}
