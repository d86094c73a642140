import { createTestDatabase, type TestDatabase } from '../../support/db';
import { DEMO_USERS } from '../../../seeds/demo';

describe('demo data', () => {
  let t: TestDatabase;
  beforeAll(async () => (t = await createTestDatabase({ demo: true })));
  afterAll(() => t.drop());

  it('creates the three demo users with their roles and one owner', async () => {
    const users = await t.db('users').select('email', 'role', 'is_owner').orderBy('id');
    expect(users).toEqual(DEMO_USERS.map((u) => ({ email: u.email, role: u.role, is_owner: u.isOwner })));
  });

  it('creates about 200 customers, with the named ones the README lists', async () => {
    const [{ n }] = await t.db('customers').count({ n: '*' });
    expect(Number(n)).toBeGreaterThanOrEqual(195);
    const emails = await t.db('customers').pluck('email');
    for (const e of [
      'alice.refundable@example.com',
      'victor.voidable@example.com',
      'tara.trial@example.com',
      'quinn.queue@example.com',
      'rita.recycling@example.com',
      'sam.shipped@example.com',
      'larry.lead@example.com',
    ]) {
      expect(emails).toContain(e);
    }
    expect(emails.filter((e) => e === 'morgan.merge@example.com')).toHaveLength(2);
  });

  it('has purchases in every status, sales in every state, and several fulfillment statuses', async () => {
    const purchaseStatuses = await t.db('purchases').distinct('status').pluck('status');
    expect(purchaseStatuses.sort()).toEqual([
      'active',
      'cancel_scheduled',
      'cancelled',
      'complete',
      'paused',
      'recycling',
      'trial',
    ]);
    const saleStatuses = await t.db('transactions').where({ type: 'sale' }).distinct('status').pluck('status');
    expect(saleStatuses.sort()).toEqual(
      expect.arrayContaining(['declined', 'partially_refunded', 'pending', 'refunded', 'settled', 'voided']),
    );
    const fulfillmentStatuses = await t.db('fulfillments').distinct('status').pluck('status');
    expect(fulfillmentStatuses.length).toBeGreaterThanOrEqual(5);
    const [{ n }] = await t.db('history_entries').where({ kind: 'note' }).count({ n: '*' });
    expect(Number(n)).toBeGreaterThan(20);
  });

  it('keeps refunds consistent with their sales', async () => {
    const mismatched = await t
      .db('transactions as s')
      .where('s.type', 'sale')
      .whereRaw(
        "s.refunded_cents <> coalesce((SELECT sum(r.amount_cents) FROM transactions r WHERE r.parent_id = s.id AND r.type = 'refund' AND r.status = 'approved'), 0)",
      )
      .count({ n: '*' });
    expect(Number(mismatched[0].n)).toBe(0);
  });
});
