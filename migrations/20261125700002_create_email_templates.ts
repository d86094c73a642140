import type { Knex } from 'knex';

// An admin's own subject and body for an autoresponder; no row means the default (src/email/registry.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE email_templates (
      key text PRIMARY KEY,
      subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
      updated_by bigint REFERENCES users ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE email_templates');
}
