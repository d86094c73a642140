import * as migration from '../../../migrations/20261125300001_credit_memos_replace_typed_balance';
import { creditOf } from '../../../src/credits/service';
import { createTestDatabase, type TestDatabase } from '../../support/db';

describe('the migration from a typed credit balance to credit memos', () => {
  let t: TestDatabase;
  beforeAll(async () => (t = await createTestDatabase({ demo: true })));
  afterAll(() => t.drop());

  it('carries each balance over as a memo, and credit held by an unanswered charge as a use of it', async () => {
    const customer = await t.db('customers').where({ email: 'alice.refundable@example.com' }).first();
    const sale = await t.db('transactions').where({ customer_id: customer.id, type: 'sale' }).first();
    await migration.down(t.db);
    await t.db('customers').where({ id: customer.id }).update({ credit_balance_cents: 700 });
    await t.db('transactions').where({ id: sale.id }).update({ status: 'sending', credit_used_cents: 300 });

    await migration.up(t.db);

    expect(await t.db('credit_memos').where({ customer_id: customer.id })).toMatchObject([
      { amount_cents: 1000, currency: 'USD', reason: 'Balance carried over', created_by: null },
    ]);
    expect(await t.db('credit_uses')).toMatchObject([{ amount_cents: 300, transaction_id: sale.id }]);
    expect((await creditOf(t.db, customer.id)).balances).toEqual([['USD', 700]]);
    expect(await t.db('credit_memos').count({ n: '*' }).first()).toEqual({ n: 1 });
    expect(Object.keys(await t.db('customers').first())).not.toContain('credit_balance_cents');
  });
});
