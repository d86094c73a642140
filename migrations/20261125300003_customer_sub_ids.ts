import type { Knex } from 'knex';

/** The affiliate's sub-ids (the tracking values an affiliate network passes along), beside the UTM fields. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE customers ADD COLUMN sub_id1 text, ADD COLUMN sub_id2 text, ADD COLUMN sub_id3 text');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE customers DROP COLUMN sub_id1, DROP COLUMN sub_id2, DROP COLUMN sub_id3');
}
