import type { Knex } from 'knex';

// The dashboard's whole-table counts (customers, leads, live subscriptions) took ~3 s at 1 M
// customers on every view. A job recounts them once a minute into this one row; the page reads the
// row and shows its age. See docs/PERFORMANCE.md.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE dashboard_summary (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      customers bigint NOT NULL,
      all_customers bigint NOT NULL,
      live_purchases bigint NOT NULL,
      refreshed_at timestamptz NOT NULL,
      took_ms integer NOT NULL
    )
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE dashboard_summary');
}
