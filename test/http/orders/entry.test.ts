import { addEntry } from '../../../src/blocklist/service';
import { createTestApp, signIn, type TestApp } from '../../support/app';
import { sessionUser } from '../../support/users';

describe('order entry', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const option = (sku: string) => t.deps.db('product_options').where({ sku }).first();

  it('creates the order, items, sale, a trial purchase, a pending fulfillment and the welcome email', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const sam = await t.deps.db('customers').where({ email: 'sam.shipped@example.com' }).first();
    const serum = await option('GLOW-SERUM-1');
    const cream = await option('EYE-CREAM-1');
    const form = (await agent.get(`/orders/new?customer=${sam.id}`)).text;
    expect(form).toContain('Glow Serum — 30-day supply');
    const res = await agent
      .post('/orders')
      .type('form')
      .send(
        `_csrf=${csrf}&customer_id=${sam.id}&idempotency_key=order-entry-1&quantities%5B${serum.id}%5D=1&quantities%5B${cream.id}%5D=2&shipping=4.95&card=new&new_card_number=4111111111111111`,
      );
    const order = await t.deps.db('orders').where({ customer_id: sam.id }).orderBy('id', 'desc').first();
    expect(res.headers.location).toBe(`/orders/${order.public_id}`);
    expect(order.status).toBe('pending');
    expect(
      await t.deps.db('order_items').where({ order_id: order.id }).select('quantity', 'unit_price_cents').orderBy('id'),
    ).toEqual([
      { quantity: 1, unit_price_cents: 495 },
      { quantity: 2, unit_price_cents: 2995 },
    ]);
    expect(await t.deps.db('transactions').where({ order_id: order.id }).first()).toMatchObject({
      type: 'sale',
      status: 'pending',
      amount_cents: 495 + 5990 + 495,
    });
    expect(await t.deps.db('purchases').where({ order_id: order.id }).first()).toMatchObject({
      status: 'trial',
      unit_price_cents: 6995,
      billing_cycle: 1,
    });
    expect(await t.deps.db('fulfillments').where({ order_id: order.id }).first()).toMatchObject({
      status: 'pending',
      reference: `F-${order.public_id}`,
    });
    expect(
      await t.deps.db('email_outbox').where({ customer_id: sam.id, template: 'welcome' }).count({ n: '*' }).first(),
    ).toEqual({ n: 1 });
    // the same form again places nothing new
    await agent
      .post('/orders')
      .type('form')
      .send(
        `_csrf=${csrf}&customer_id=${sam.id}&idempotency_key=order-entry-1&quantities%5B${serum.id}%5D=1&shipping=4.95&card=new&new_card_number=4111111111111111`,
      );
    expect(await t.deps.db('orders').where({ customer_id: sam.id }).count({ n: '*' }).first()).toEqual({ n: 2 });
  });

  it('a soft decline leaves a declined order with the reason and a Rerun link that prefills the form', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const tara = await t.deps.db('customers').where({ email: 'tara.trial@example.com' }).first();
    const cream = await option('EYE-CREAM-1');
    const res = await agent
      .post('/orders')
      .type('form')
      .send(
        `_csrf=${csrf}&customer_id=${tara.id}&idempotency_key=order-entry-2&quantities%5B${cream.id}%5D=3&shipping=0&card=new&new_card_number=4000000000000002`,
      );
    const order = await t.deps.db('orders').where({ customer_id: tara.id }).orderBy('id', 'desc').first();
    expect(order).toMatchObject({ status: 'declined', decline_reason: 'Insufficient funds', hard_decline: false });
    const page = await agent.get(res.headers.location);
    expect(page.text).toContain('Rerun this order');
    const rerun = await agent.get(`/orders/new?customer=${tara.id}&rerun=${order.public_id}`);
    expect(rerun.text).toContain(`name="quantities[${cream.id}]" value="3"`);
  });

  it('a blocklisted customer is refused before the gateway, naming the entry', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const larry = await t.deps.db('customers').where({ email: 'larry.lead@example.com' }).first();
    await addEntry(t.deps.db, await sessionUser(t.deps.db, 'lead@example.com'), {
      type: 'email',
      value: 'larry.lead@example.com',
      reason: 'Chargeback abuse',
    });
    const cream = await option('EYE-CREAM-1');
    const res = await agent
      .post('/orders')
      .type('form')
      .send(
        `_csrf=${csrf}&customer_id=${larry.id}&idempotency_key=order-entry-3&quantities%5B${cream.id}%5D=1&shipping=0&card=new&new_card_number=4111111111111111`,
      );
    const page = await agent.get(res.headers.location);
    expect(page.text).toContain('blocked by the blocklist — email larry.lead@example.com (Chargeback abuse)');
    expect(
      await t.deps.db('test_gateway_operations').where({ idempotency_key: 'order-entry-3' }).count({ n: '*' }).first(),
    ).toEqual({ n: 0 });
  });

  it('errored: a gateway timeout leaves the sale unknown for the reconciler, never declined, and a resubmit charges nothing', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const sam = await t.deps.db('customers').where({ email: 'sam.shipped@example.com' }).first();
    const cream = await option('EYE-CREAM-1');
    const form = `_csrf=${csrf}&customer_id=${sam.id}&idempotency_key=order-entry-timeout&quantities%5B${cream.id}%5D=1&shipping=0&card=new&new_card_number=4000000000000150`;
    await agent.post('/orders').type('form').send(form);
    const sale = await t.deps.db('transactions').where({ idempotency_key: 'order-entry-timeout' }).first();
    expect(sale).toMatchObject({ type: 'sale', status: 'errored' });
    const order = await t.deps.db('orders').where({ id: sale.order_id }).first();
    expect(order.status).not.toBe('declined');
    await agent.post('/orders').type('form').send(form);
    expect(
      await t.deps.db('transactions').where({ idempotency_key: 'order-entry-timeout' }).count({ n: '*' }).first(),
    ).toEqual({ n: 1 });
    expect(
      await t.deps
        .db('test_gateway_operations')
        .where({ idempotency_key: 'order-entry-timeout' })
        .count({ n: '*' })
        .first(),
    ).toEqual({ n: 1 });
  });

  it('bad input shows the form again with the messages (422)', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const sam = await t.deps.db('customers').where({ email: 'sam.shipped@example.com' }).first();
    const res = await agent
      .post('/orders')
      .type('form')
      .send(
        `_csrf=${csrf}&customer_id=${sam.id}&idempotency_key=order-entry-4&shipping=4.95&card=new&new_card_number=12`,
      );
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose at least one product.');
    expect(res.text).toContain('Enter the card number (13 to 19 digits).');
  });

  it('preselects the last card that was approved, never one that just declined, and marks the declined one', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const [c] = await t.deps
      .db('customers')
      .insert({ first_name: 'Cara', last_name: 'Card', email: 'cara.card@example.com' })
      .returning('id');
    const option = await t.deps.db('product_options').where({ sku: 'EYE-CREAM-1' }).first();
    const place = (card: string, number: string, key: string) =>
      agent
        .post('/orders')
        .type('form')
        .send({
          _csrf: csrf,
          customer_id: String(c.id),
          [`quantities[${option.id}]`]: '1',
          card,
          new_card_number: number,
          idempotency_key: key,
        });
    await place('new', '4111111111111111', 'card-pref-1');
    await place('new', '4000000000000002', 'card-pref-2');
    const [good, bad] = await t.deps.db('payment_instruments').where({ customer_id: c.id }).orderBy('id');
    const page = await agent.get(`/orders/new?customer=${c.id}`);
    expect(page.text).toMatch(new RegExp(`<option value="${good.id}" selected>`));
    expect(page.text).toMatch(new RegExp(`<option value="${bad.id}" >[^<]*— last charge declined</option>`));
  });
});
