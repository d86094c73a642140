import type { Knex } from 'knex';

/** The test gateway books payouts (`credit`, money sent to a card) like its other operations. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE test_gateway_operations DROP CONSTRAINT test_gateway_operations_operation_check;
    ALTER TABLE test_gateway_operations ADD CONSTRAINT test_gateway_operations_operation_check
      CHECK (operation IN ('charge', 'void', 'refund', 'credit'));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE test_gateway_operations DROP CONSTRAINT test_gateway_operations_operation_check;
    ALTER TABLE test_gateway_operations ADD CONSTRAINT test_gateway_operations_operation_check
      CHECK (operation IN ('charge', 'void', 'refund'));
  `);
}
