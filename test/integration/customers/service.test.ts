import type { SessionUser } from '../../../src/auth/service';
import { deleteCustomer, editCustomerBlock } from '../../../src/customers/service';
import { mergeCustomers } from '../../../src/customers/merges';
import { customerById } from '../../../src/customers/queries';
import { sessionUser } from '../../support/users';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { creditOf } from '../../../src/credits/service';

describe('customer service', () => {
  let t: TestDatabase;
  let lead: SessionUser;
  beforeAll(async () => {
    t = await createTestDatabase({ demo: true });
    lead = await sessionUser(t.db, 'lead@example.com');
  });
  afterAll(() => t.drop());

  const morgans = () => t.db('customers').where({ email: 'morgan.merge@example.com' }).orderBy('id').pluck('id');
  const count = async (table: string, customerId: number) =>
    Number((await t.db(table).where({ customer_id: customerId }).count({ n: '*' }).first())!.n);

  it('merge moves orders, transactions, fulfillments, purchases, notes, files and tags, then deletes the source', async () => {
    const [source, kept] = await morgans();
    await t.db('files').insert({
      customer_id: source,
      filename: 'id.png',
      content_type: 'image/png',
      size_bytes: 3,
      content: Buffer.from('abc'),
    });
    await t
      .db('customers')
      .where({ id: source })
      .update({ tags: ['wholesale'] });
    await t.db('credit_memos').insert({ customer_id: source, amount_cents: 250, currency: 'USD', reason: 'Goodwill' });
    await t
      .db('customers')
      .where({ id: kept })
      .update({ tags: ['vip'] });
    await t.db('credit_memos').insert({ customer_id: kept, amount_cents: 100, currency: 'USD', reason: 'Goodwill' });
    const tables = [
      'orders',
      'transactions',
      'fulfillments',
      'purchases',
      'history_entries',
      'files',
      'payment_instruments',
    ];
    const before = Object.fromEntries(
      await Promise.all(tables.map(async (tb) => [tb, (await count(tb, kept)) + (await count(tb, source))])),
    );
    for (const tb of tables) expect(await count(tb, source)).toBeGreaterThan(0);

    const result = await mergeCustomers(t.db, lead, kept, source);
    expect(result.ok).toBe(true);

    for (const tb of tables) {
      expect(await count(tb, source)).toBe(0);
      // + 1 history line: the merge itself
      expect(await count(tb, kept)).toBe(before[tb] + (tb === 'history_entries' ? 1 : 0));
    }
    expect(await customerById(t.db, source)).toBeUndefined();
    const after = await customerById(t.db, kept);
    expect(after!.tags.sort()).toEqual(['vip', 'wholesale']);
    expect((await creditOf(t.db, kept)).balances).toEqual([['USD', 350]]);
    const event = await t.db('events').where({ kind: 'customer.merged', customer_id: kept }).first();
    expect(event.actor_name).toBe('Leo Lead');
    expect(event.before.merged_customer.id).toBe(source);
    expect(event.before.merged_customer).not.toHaveProperty('membership_password_hash');
  });

  it('refuses to merge a customer into itself', async () => {
    const [kept] = await morgans();
    expect(await mergeCustomers(t.db, lead, kept, kept)).toMatchObject({ ok: false, code: 'same_customer' });
  });

  it('delete cancels live purchases first, removes the customer, and keeps a snapshot in the event log', async () => {
    const alice = await t.db('customers').where({ email: 'alice.refundable@example.com' }).first();
    const live = await t
      .db('purchases')
      .where({ customer_id: alice.id })
      .whereIn('status', ['trial', 'active', 'paused', 'cancel_scheduled', 'recycling'])
      .pluck('id');
    expect(live.length).toBeGreaterThan(0);
    const { cancelledPurchases } = await deleteCustomer(t.db, lead, alice.id);
    expect(cancelledPurchases).toBe(live.length);
    expect(await customerById(t.db, alice.id)).toBeUndefined();
    expect(await t.db('orders').where({ customer_id: alice.id }).count({ n: '*' }).first()).toEqual({ n: 0 });
    const cancelled = await t
      .db('events')
      .where({ kind: 'purchase.cancelled', customer_id: alice.id })
      .pluck('subject_id');
    expect(cancelled.map(Number).sort()).toEqual([...live].sort());
    const deleted = await t.db('events').where({ kind: 'customer.deleted', customer_id: alice.id }).first();
    expect(deleted.before.customer.email).toBe('alice.refundable@example.com');
    expect(deleted.actor_name).toBe('Leo Lead');
  });

  it('an edit made on a stale form is refused and writes nothing', async () => {
    const tara = await t.db('customers').where({ email: 'tara.trial@example.com' }).first();
    const version = new Date(tara.updated_at).toISOString();
    const first = await editCustomerBlock(
      t.db,
      lead,
      tara.id,
      'contact',
      { first_name: 'Tara', last_name: 'Trial', email: tara.email, phone: '111-222-3333' },
      version,
    );
    expect(first.ok).toBe(true);
    const stale = await editCustomerBlock(
      t.db,
      lead,
      tara.id,
      'contact',
      { first_name: 'Tara', last_name: 'Trial', email: tara.email, phone: '999-888-7777' },
      version,
    );
    expect(stale).toMatchObject({ ok: false, code: 'edited_elsewhere' });
    expect((await customerById(t.db, tara.id))!.phone).toBe('111-222-3333');
    const edits = await t.db('events').where({ kind: 'customer.edited', customer_id: tara.id });
    expect(edits).toHaveLength(1);
    expect(edits[0].before).toEqual({ phone: '(503) 555-0103' });
    expect(edits[0].after).toEqual({ phone: '111-222-3333' });
  });
});
