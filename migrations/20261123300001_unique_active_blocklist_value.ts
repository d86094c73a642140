import type { Knex } from 'knex';

// One active entry per normalised value: two agents blocking the same address at once used to get two
// rows. Older duplicates are lifted (the first entry stays) before the index can be built.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    UPDATE blocklist_entries b SET lifted_at = now()
     WHERE lifted_at IS NULL
       AND EXISTS (SELECT 1 FROM blocklist_entries o WHERE o.type = b.type AND o.value = b.value AND o.lifted_at IS NULL AND o.id < b.id)`);
  await knex.raw('DROP INDEX IF EXISTS blocklist_active');
  await knex.raw('CREATE UNIQUE INDEX blocklist_active ON blocklist_entries (type, value) WHERE lifted_at IS NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS blocklist_active');
  await knex.raw('CREATE INDEX blocklist_active ON blocklist_entries (type, value) WHERE lifted_at IS NULL');
}
