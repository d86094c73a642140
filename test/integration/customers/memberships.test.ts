import type { SessionUser } from '../../../src/auth/service';
import { createDb, type Db } from '../../../src/db/knex';
import type { Deps } from '../../../src/deps';
import { customFieldsTab, saveCustomFields } from '../../../src/customers/custom-fields';
import { searchCustomers } from '../../../src/customers/search';
import { ManualClock } from '../../../src/lib/clock';
import { createLogger } from '../../../src/lib/logger';
import { TestGateway } from '../../../src/payments/gateways/test-gateway';
import { placeOrder } from '../../../src/orders/entry';
import { cancelPurchase } from '../../../src/subscriptions/cancellation';
import { testConfig } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { sessionUser } from '../../support/users';

describe('clubs granted by a purchase, and custom field values', () => {
  let t: TestDatabase;
  let gatewayDb: Db;
  let deps: Deps;
  let agent: SessionUser;
  beforeAll(async () => {
    t = await createTestDatabase({ demo: true });
    gatewayDb = createDb(t.url, { max: 3 });
    deps = {
      config: testConfig(),
      db: t.db,
      clock: new ManualClock(new Date('2026-11-23T12:00:00Z')),
      logger: createLogger('silent'),
      gateway: new TestGateway(gatewayDb),
    };
    agent = await sessionUser(t.db, 'agent@example.com');
  });
  afterAll(async () => {
    await gatewayDb.destroy();
    await t.drop();
  });

  it("a paid order joins its product's club, tied to the purchase; cancelling the purchase ends it", async () => {
    const option = await t
      .db('product_options as o')
      .join('products as p', 'p.id', 'o.product_id')
      .where({ 'p.kind': 'continuity', 'p.active': true, 'o.active': true })
      .first('o.id', 'o.product_id');
    const [club] = await t
      .db('membership_clubs')
      .insert({ name: 'VIP', product_id: option.product_id })
      .returning('id');
    const [c] = await t.db('customers').insert({ first_name: 'Vic', email: 'vic@example.com' }).returning('id');
    const placed = await placeOrder(deps, agent, {
      customerId: c.id,
      lines: [{ optionId: option.id, quantity: 1 }],
      shippingCents: 0,
      payment: { kind: 'card', number: '4111111111111111' },
      idempotencyKey: 'club-order-1',
    });
    expect(placed.ok).toBe(true);
    const purchase = await t.db('purchases').where({ customer_id: c.id }).first('id');
    const m = await t.db('customer_memberships').where({ customer_id: c.id }).first();
    expect(m).toMatchObject({ club: 'VIP', club_id: club.id, purchase_id: purchase.id, status: 'active' });
    expect(await t.db('history_entries').where({ customer_id: c.id, kind: 'membership.granted' }).first()).toBeTruthy();

    await t.db.transaction((trx) =>
      cancelPurchase(trx, new Date(), { kind: 'system', name: 'test' }, purchase.id, 'Customer request'),
    );
    expect(await t.db('customer_memberships').where({ id: m.id }).first()).toMatchObject({ status: 'cancelled' });
    const cancelled = await t
      .db('events')
      .where({ kind: 'purchase.cancelled', subject_id: String(purchase.id) })
      .first();
    expect(cancelled.summary).toContain('1 club membership(s) ended');
  });

  it('custom field values: all or nothing, emptied ones removed, the search finds them by name and value', async () => {
    const [age] = await t
      .db('custom_field_definitions')
      .insert({ name: 'Age', kind: 'number', required: false })
      .returning('id');
    const [c] = await t.db('customers').insert({ first_name: 'Cy', email: 'cy@example.com' }).returning('id');
    expect(await saveCustomFields(t.db, agent, c.id, { [`field_${age.id}`]: 'old' })).toMatchObject({
      ok: false,
      fields: { [`field_${age.id}`]: 'Age is a number, like 12 or 3.5.' },
    });
    expect(await saveCustomFields(t.db, agent, c.id, { [`field_${age.id}`]: '41' })).toMatchObject({ ok: true });
    expect((await customFieldsTab(t.db, c.id)).values).toEqual({ Age: '41' });
    expect((await searchCustomers(t.db, { cf_name: 'Age', cf_value: '41' })).hits.map((h) => h.id)).toEqual([c.id]);
    expect((await searchCustomers(t.db, { cf_name: 'Age' })).hits.map((h) => h.id)).toEqual([c.id]);
    expect((await searchCustomers(t.db, { cf_name: 'Age', cf_value: '42' })).hits).toEqual([]);
    await saveCustomFields(t.db, agent, c.id, { [`field_${age.id}`]: '' });
    expect(await t.db('customer_custom_fields').where({ customer_id: c.id }).count({ n: '*' }).first()).toEqual({
      n: 0,
    });
    const edits = await t
      .db('events')
      .where({ kind: 'customer.custom_fields_edited', customer_id: c.id })
      .orderBy('id');
    expect(edits.map((e) => e.summary)).toEqual([
      'Edited custom fields: Age (empty) → 41',
      'Edited custom fields: Age 41 → (empty)',
    ]);
  });
});
