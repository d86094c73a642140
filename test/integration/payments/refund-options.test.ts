import type { SessionUser } from '../../../src/auth/service';
import type { Deps } from '../../../src/deps';
import { createDb, type Db } from '../../../src/db/knex';
import { ManualClock } from '../../../src/lib/clock';
import { createLogger } from '../../../src/lib/logger';
import { instrumentFor } from '../../../src/payments/gateways/test-cards';
import { TestGateway } from '../../../src/payments/gateways/test-gateway';
import { refundTransaction, voidTransaction } from '../../../src/payments/refunds';
import { principalOf } from '../../../src/api/principal';
import { testConfig } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { sessionUser } from '../../support/users';

describe('refund options: refunded externally, refunds per product line', () => {
  let t: TestDatabase;
  let deps: Deps;
  let gateway: TestGateway;
  let gatewayDb: Db;
  let agent: SessionUser;
  let admin: SessionUser;
  let customerId: number;
  let n = 0;

  beforeAll(async () => {
    t = await createTestDatabase({ demo: true });
    gatewayDb = createDb(t.url, { max: 5 });
    gateway = new TestGateway(gatewayDb);
    deps = {
      config: testConfig(),
      db: t.db,
      clock: new ManualClock(new Date()),
      logger: createLogger('silent'),
      gateway,
    };
    agent = await sessionUser(t.db, 'agent@example.com');
    admin = await sessionUser(t.db, 'owner@example.com');
    [{ id: customerId }] = await t
      .db('customers')
      .insert({ first_name: 'Ext', last_name: 'Ernal', email: 'ext@example.com' })
      .returning('id');
  });
  afterAll(async () => {
    await gatewayDb.destroy();
    await t.drop();
  });

  /** A settled sale (card or external) on a new order with the given lines, each paid by that sale. */
  async function order(lines: number[], o: { card?: string; external?: boolean; status?: string } = {}) {
    const [pi] = o.external
      ? [{ id: null }]
      : await t
          .db('payment_instruments')
          .insert({ customer_id: customerId, ...instrumentFor(o.card ?? '4111111111111111') })
          .returning('id');
    const [ord] = await t
      .db('orders')
      .insert({ public_id: `LINE${String(++n).padStart(4, '0')}`, customer_id: customerId, status: 'complete' })
      .returning('*');
    const [sale] = await t
      .db('transactions')
      .insert({
        customer_id: customerId,
        order_id: ord.id,
        payment_instrument_id: pi.id,
        type: 'sale',
        status: o.status ?? 'settled',
        amount_cents: lines.reduce((a, b) => a + b, 0),
        gateway: o.external ? 'external' : 'test',
        gateway_reference: `ref_${Math.random()}`,
      })
      .returning('*');
    const { id: productId } = await t.db('products').first('id');
    const { id: optionId } = await t.db('product_options').where({ product_id: productId }).first('id');
    const items = await t
      .db('order_items')
      .insert(
        lines.map((cents, i) => ({
          order_id: ord.id,
          product_id: productId,
          product_option_id: optionId,
          name: `Line ${i + 1}`,
          quantity: 1,
          unit_price_cents: cents,
          sale_id: sale.id,
        })),
      )
      .returning('id');
    return { order: ord, saleId: sale.id as number, items: items.map((r: { id: number }) => r.id) };
  }
  const key = () => `key-${Math.random().toString(36).slice(2)}`;
  const emails = () => t.db('email_outbox').where({ customer_id: customerId }).count({ n: '*' }).first();

  it('an admin records a refund made in the gateway portal: approved, never sent, emailed only if chosen', async () => {
    const { saleId } = await order([5000]);
    const before = { calls: gateway.calls, emails: Number((await emails())!.n) };
    const silent = await refundTransaction(deps, admin, saleId, {
      idempotencyKey: key(),
      reason: 'Customer request',
      amountCents: 2000,
      external: true,
      notifyCustomer: false,
    });
    expect(silent).toMatchObject({ ok: true, amountCents: 2000 });
    const told = await refundTransaction(deps, admin, saleId, {
      idempotencyKey: key(),
      reason: 'Customer request',
      external: true,
      notifyCustomer: true,
    });
    expect(told).toMatchObject({ ok: true, amountCents: 3000, saleStatus: 'refunded' });
    expect(gateway.calls).toBe(before.calls);
    expect(Number((await emails())!.n)).toBe(before.emails + 1);
    const rows = await t.db('transactions').where({ parent_id: saleId }).orderBy('id');
    expect(rows.map((r) => [r.gateway, r.status, r.gateway_message])).toEqual([
      ['external', 'approved', 'Refunded externally'],
      ['external', 'approved', 'Refunded externally'],
    ]);
    const history = await t.db('history_entries').where({ customer_id: customerId }).pluck('body');
    expect(history).toContain(`Refunded externally $20.00 of charge #${saleId} — Customer request`);
  });

  it('an agent may not tick "Refunded externally" until the admin setting allows it', async () => {
    const { saleId } = await order([4000]);
    const input = { reason: 'Customer request', external: true };
    const refused = await refundTransaction(deps, agent, saleId, { ...input, idempotencyKey: key() });
    expect(refused).toMatchObject({ ok: false, code: 'not_permitted' });
    expect(await t.db('transactions').where({ parent_id: saleId })).toHaveLength(0);
    await t.db('settings').update({ agents_refund_externally: true });
    try {
      expect(await refundTransaction(deps, agent, saleId, { ...input, idempotencyKey: key() })).toMatchObject({
        ok: true,
      });
    } finally {
      await t.db('settings').update({ agents_refund_externally: false });
    }
  });

  it('a sale entered with an external payment is refunded and voided externally, also through the API', async () => {
    const calls = gateway.calls;
    const settled = await order([3000], { external: true });
    const api = principalOf({ id: 1, name: 'Shop' } as never);
    const refunded = await refundTransaction(deps, api, settled.saleId, {
      idempotencyKey: key(),
      reason: 'Customer request',
    });
    expect(refunded).toMatchObject({ ok: true, amountCents: 3000 });
    const pending = await order([1500], { external: true, status: 'pending' });
    expect(
      await voidTransaction(deps, agent, pending.saleId, { idempotencyKey: key(), reason: 'Customer request' }),
    ).toMatchObject({ ok: true, saleStatus: 'voided' });
    expect(gateway.calls).toBe(calls);
    const rows = await t.db('transactions').whereIn('parent_id', [settled.saleId, pending.saleId]);
    expect(rows.map((r) => r.gateway)).toEqual(['external', 'external']);
  });

  it('a line is refunded in full or in part, never beyond its price; the charge cap still holds', async () => {
    const { saleId, items } = await order([6000, 4000]);
    const refund = (item: number, amountCents?: number) =>
      refundTransaction(deps, agent, saleId, {
        idempotencyKey: key(),
        reason: 'Product damaged',
        amountCents,
        orderItemId: item,
      });
    expect(await refund(items[0], 2500)).toMatchObject({ ok: true, amountCents: 2500 });
    expect(await refund(items[0], 3600)).toMatchObject({
      ok: false,
      code: 'exceeds_line',
      message: 'Only $35.00 can still be refunded on this line.',
    });
    expect(await refund(items[0])).toMatchObject({ ok: true, amountCents: 3500 });
    expect(await refund(items[0], 1)).toMatchObject({ ok: false, code: 'line_refunded' });
    // Money given back on the charge itself leaves less for the other line: the charge's cap.
    await refundTransaction(deps, agent, saleId, {
      idempotencyKey: key(),
      reason: 'Product damaged',
      amountCents: 3000,
    });
    expect(await refund(items[1], 1500)).toMatchObject({ ok: false, code: 'exceeds_refundable' });
    expect(await refund(items[1])).toMatchObject({ ok: true, amountCents: 1000 });
    const other = await order([1000]);
    expect(await refund(other.items[0])).toMatchObject({ ok: false, code: 'not_this_sale' });
  });

  it('a declined line refund keeps the line held while it waits in the refund queue', async () => {
    const { saleId, items } = await order([5000, 5000], { card: '4000000000000119' });
    const first = await refundTransaction(deps, agent, saleId, {
      idempotencyKey: key(),
      reason: 'Product damaged',
      orderItemId: items[0],
    });
    expect(first).toMatchObject({ ok: false, code: 'refund_queued' });
    expect(await t.db('refund_queue').where({ transaction_id: saleId }).first()).toMatchObject({
      order_item_id: items[0],
      amount_cents: 5000,
    });
    expect(
      await refundTransaction(deps, agent, saleId, {
        idempotencyKey: key(),
        reason: 'Product damaged',
        orderItemId: items[0],
      }),
    ).toMatchObject({ ok: false, code: 'line_refunded' });
  });
});
