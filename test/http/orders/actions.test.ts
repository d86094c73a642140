import { createTestApp, signIn, type TestApp } from '../../support/app';

describe('order summary actions', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const customer = (email: string) => t.deps.db('customers').where({ email }).first();
  const firstOrder = async (email: string) => t.deps.db('orders').where({ customer_id: (await customer(email)).id }).orderBy('id').first();

  it('resend welcome email: the outbox gets the order confirmation and the history says so', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const order = await firstOrder('alice.refundable@example.com');
    const res = await agent.post(`/orders/${order.public_id}/emails/welcome`).type('form').send({ _csrf: csrf });
    expect(res.headers.location).toBe(`/orders/${order.public_id}`);
    const mail = await t.deps.db('email_outbox').where({ template: 'welcome', customer_id: order.customer_id }).first();
    expect(mail.subject).toBe(`Your order ${order.public_id} is confirmed`);
    expect(mail.text_body).toContain('Total: $39.85');
    expect(await t.deps.db('history_entries').where({ customer_id: order.customer_id, kind: 'email.resent' }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('refund from the order voids the unsettled sale first', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const order = await firstOrder('victor.voidable@example.com');
    await agent.post(`/orders/${order.public_id}/refunds`).type('form').send({ _csrf: csrf, reason: 'Customer request', idempotency_key: 'order-refund-1' });
    const sale = await t.deps.db('transactions').where({ order_id: order.id, type: 'sale' }).first();
    expect(sale.status).toBe('voided');
    expect(await t.deps.db('transactions').where({ parent_id: sale.id }).pluck('type')).toEqual(['void']);
    const page = await agent.get(`/orders/${order.public_id}`);
    expect(page.text).toContain(`Charge #${sale.id}: Voided`);
  });

  it('cancel order: items, open fulfillments and the purchase are cancelled, the customer is emailed, and the optional refund runs', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const tara = await customer('tara.trial@example.com');
    const order = await t.deps.db('orders').where({ customer_id: tara.id }).first();
    await t.deps.db('fulfillments').where({ order_id: order.id }).update({ status: 'pending' });
    const res = await agent.post(`/orders/${order.public_id}/cancellation`).type('form').send({ _csrf: csrf, reason: 'Customer request', refund: '1', idempotency_key: 'cancel-1' });
    expect(res.status).toBe(303);
    expect(await t.deps.db('orders').where({ id: order.id }).first()).toMatchObject({ status: 'cancelled', cancel_reason: 'Customer request' });
    expect(await t.deps.db('fulfillments').where({ order_id: order.id }).pluck('status')).toEqual(['cancelled']);
    expect(await t.deps.db('purchases').where({ order_id: order.id }).pluck('status')).toEqual(['cancelled']);
    expect(await t.deps.db('transactions').where({ order_id: order.id, type: 'sale' }).pluck('status')).toEqual(['refunded']);
    expect(await t.deps.db('email_outbox').where({ customer_id: tara.id }).orderBy('id').pluck('template')).toEqual(['cancellation', 'refund']);
    const again = await agent.post(`/orders/${order.public_id}/cancellation`).type('form').send({ _csrf: csrf, reason: 'Customer request', idempotency_key: 'cancel-2' });
    expect(again.status).toBe(422);
    expect(again.text).toContain('This order is already cancelled.');
  });

  it('a cancellation without a valid reason shows the message (422) and changes nothing', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const order = await firstOrder('sam.shipped@example.com');
    const res = await agent.post(`/orders/${order.public_id}/cancellation`).type('form').send({ _csrf: csrf, reason: 'Because', idempotency_key: 'cancel-3' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose a reason from the list.');
    expect((await t.deps.db('orders').where({ id: order.id }).first()).status).toBe(order.status);
  });
});
