import { createTestDatabase, type TestDatabase } from '../../support/db';

/** The schema itself refuses impossible money: the last line of defence under the services. */
describe('schema constraints', () => {
  let t: TestDatabase;
  let customerId: number;
  beforeAll(async () => {
    t = await createTestDatabase();
    [{ id: customerId }] = await t.db('customers').insert({ first_name: 'C', email: 'c@example.com' }).returning('id');
  });
  afterAll(() => t.drop());

  const sale = (over: Record<string, unknown>) =>
    t
      .db('transactions')
      .insert({ customer_id: customerId, type: 'sale', status: 'settled', amount_cents: 1000, ...over });

  it('refuses negative amounts and refunds above the amount', async () => {
    await expect(sale({ amount_cents: -1 })).rejects.toThrow(/check constraint/);
    await expect(sale({ refunded_cents: 1001 })).rejects.toThrow(/check constraint/);
    await expect(sale({ refunded_cents: 600, queued_cents: 401 })).rejects.toThrow(/check constraint/);
    await expect(sale({ refunded_cents: 600, queued_cents: 400 })).resolves.toBeDefined();
  });

  it('refuses unknown statuses and refunds without an original', async () => {
    await expect(sale({ status: 'approved' })).rejects.toThrow(/check constraint/);
    await expect(
      t.db('transactions').insert({ customer_id: customerId, type: 'refund', status: 'approved', amount_cents: 5 }),
    ).rejects.toThrow(/check constraint/);
  });

  it('refuses a second use of an idempotency key', async () => {
    await sale({ idempotency_key: 'k-1' });
    await expect(sale({ idempotency_key: 'k-1' })).rejects.toThrow(/duplicate key/);
  });

  it('refuses a credit memo of no amount and upper-case emails', async () => {
    const [c] = await t.db('customers').insert({}).returning('id');
    await expect(
      t.db('credit_memos').insert({ customer_id: c.id, amount_cents: 0, currency: 'USD', reason: 'x' }),
    ).rejects.toThrow(/check constraint/);
    await expect(t.db('customers').insert({ email: 'A@example.com' })).rejects.toThrow(/check constraint/);
  });
});
