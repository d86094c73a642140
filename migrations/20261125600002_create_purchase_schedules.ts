import type { Knex } from 'knex';

// A cancellation or pause set to happen later on a purchase (issue 18 item 2): what, when, with which
// options, and what it changed at once (status, next bill date) so an agent can undo it. At most one
// change waits per purchase.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE purchase_schedules (
      id bigserial PRIMARY KEY,
      purchase_id bigint NOT NULL REFERENCES purchases ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('cancel', 'pause')),
      mode text NOT NULL CHECK (mode IN ('after_next_billing', 'before_next_billing', 'on_date')),
      effective_date date,
      restart_date date,
      continue_billing boolean NOT NULL DEFAULT false,
      refund_last boolean NOT NULL DEFAULT false,
      reason text,
      refund_reason text,
      status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'done', 'undone')),
      before_status text NOT NULL,
      before_next_bill_date date,
      created_by bigint REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz,
      CHECK ((mode = 'on_date') = (effective_date IS NOT NULL)),
      CHECK ((kind = 'pause') = (restart_date IS NOT NULL))
    );
    CREATE UNIQUE INDEX purchase_schedules_one_waiting ON purchase_schedules (purchase_id) WHERE status = 'scheduled';
    CREATE INDEX purchase_schedules_due ON purchase_schedules (effective_date) WHERE status = 'scheduled';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE purchase_schedules');
}
