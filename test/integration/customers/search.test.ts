import { searchCustomers, type SearchFilters } from '../../../src/customers/search';
import { createTestDatabase, type TestDatabase } from '../../support/db';

describe('customer search', () => {
  let t: TestDatabase;
  let ids: Record<string, number>;
  beforeAll(async () => {
    t = await createTestDatabase();
    const db = t.db;
    const [product] = await db('products').insert({ sku: 'P', name: 'P', kind: 'continuity' }).returning('id');
    const [option] = await db('product_options')
      .insert({ product_id: product.id, sku: 'P-1', name: 'o', rebill_price_cents: 1000, cycle_days: 30 })
      .returning('id');
    const add = async (
      first: string,
      last: string,
      email: string,
      phone: string,
      created: string,
      tags: string[] = [],
    ) =>
      (
        await db('customers')
          .insert({ first_name: first, last_name: last, email, phone, created_at: created, tags })
          .returning('id')
      )[0].id as number;
    ids = {
      ann: await add('Ann', 'Archer', 'ann@alpha.test', '(512) 555-0001', '2026-01-10', ['vip']),
      bob: await add('Bob', 'Baker', 'bob@beta.test', '512-555-0002', '2026-02-10'),
      cat: await add('Cat', 'Carver', 'cat@alpha.test', '+1 512 555 0003', '2026-03-10'),
      dan: await add('Dan', 'Archer', 'dan@delta.test', '5125550004', '2026-04-10'),
    };
    const order = async (customerId: number, publicId: string, status: string) =>
      (await db('orders').insert({ customer_id: customerId, public_id: publicId, status }).returning('id'))[0]
        .id as number;
    const annOrder = await order(ids.ann, 'ANNORD01', 'complete');
    const bobOrder = await order(ids.bob, 'BOBORD02', 'declined');
    await db('transactions').insert([
      { customer_id: ids.ann, order_id: annOrder, type: 'sale', status: 'settled', amount_cents: 1000 },
      { customer_id: ids.bob, order_id: bobOrder, type: 'sale', status: 'declined', amount_cents: 1000 },
    ]);
    await db('payment_instruments').insert({
      customer_id: ids.cat,
      brand: 'Visa',
      last4: '4242',
      bin: '424242',
      exp_month: 1,
      exp_year: 2030,
      fingerprint: 'f',
      gateway_token: 't',
    });
    await db('purchases').insert({
      order_id: annOrder,
      customer_id: ids.ann,
      product_id: product.id,
      product_option_id: option.id,
      quantity: 1,
      unit_price_cents: 1000,
      status: 'paused',
    });
  });
  afterAll(() => t.drop());

  const names = async (f: SearchFilters) => (await searchCustomers(t.db, f)).hits.map((h) => h.first_name).sort();

  it.each<[string, SearchFilters, string[]]>([
    ['name fragment, any case', { name: 'ARCH' }, ['Ann', 'Dan']],
    ['full name', { name: 'ann archer' }, ['Ann']],
    ['exact email', { email: 'Cat@Alpha.test' }, ['Cat']],
    ['email fragment', { email: 'alpha' }, ['Ann', 'Cat']],
    ['phone in any format', { phone: '512.555.0002' }, ['Bob']],
    ['phone typed with country code', { phone: '+1 (512) 555-0003' }, ['Cat']],
    ['order ID, any case', { order: 'annord01' }, ['Ann']],
    ['card last 4', { last4: '4242' }, ['Cat']],
    ['date range', { from: '2026-02-01', to: '2026-03-10' }, ['Bob', 'Cat']],
    ['order status', { order_status: 'declined' }, ['Bob']],
    ['subscription status', { subscription_status: 'paused' }, ['Ann']],
    ['tag', { tag: 'VIP' }, ['Ann']],
    ['customers segment', { segment: 'customers' }, ['Ann']],
    ['leads segment', { segment: 'leads' }, ['Bob', 'Cat', 'Dan']],
    ['the one box: email', { q: 'dan@delta.test' }, ['Dan']],
    ['the one box: order ID', { q: 'BOBORD02' }, ['Bob']],
    ['filters combine', { name: 'archer', segment: 'leads' }, ['Dan']],
    ['a LIKE wildcard is literal', { name: '%' }, []],
  ])('%s', async (_label, filters, expected) => {
    expect(await names(filters)).toEqual(expected);
  });

  it('pages newest first with a keyset cursor', async () => {
    const first = await searchCustomers(t.db, {}, 3);
    expect(first.hits.map((h) => h.first_name)).toEqual(['Dan', 'Cat', 'Bob']);
    expect(first.nextAfter).toBe(ids.bob);
    const second = await searchCustomers(t.db, { after: first.nextAfter! }, 3);
    expect(second.hits.map((h) => h.first_name)).toEqual(['Ann']);
    expect(second.nextAfter).toBeNull();
  });

  it('lists recent order IDs and live subscriptions with each hit', async () => {
    const { hits } = await searchCustomers(t.db, { name: 'ann' });
    expect(hits[0].recent_orders).toEqual([{ public_id: 'ANNORD01', status: 'complete' }]);
  });
});
