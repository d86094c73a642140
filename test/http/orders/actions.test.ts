import { createTestApp, signIn, type TestApp } from '../../support/app';

describe('order summary actions', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const customer = (email: string) => t.deps.db('customers').where({ email }).first();
  const firstOrder = async (email: string) =>
    t.deps
      .db('orders')
      .where({ customer_id: (await customer(email)).id })
      .orderBy('id')
      .first();

  it('resend welcome email: the outbox gets the order confirmation and the history says so', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const order = await firstOrder('alice.refundable@example.com');
    const res = await agent.post(`/orders/${order.public_id}/emails/welcome`).type('form').send({ _csrf: csrf });
    expect(res.headers.location).toBe(`/orders/${order.public_id}`);
    const mail = await t.deps.db('email_outbox').where({ template: 'welcome', customer_id: order.customer_id }).first();
    expect(mail.subject).toBe(`Your order ${order.public_id} is confirmed`);
    expect(mail.text_body).toContain('Total: $39.85');
    expect(
      await t.deps
        .db('history_entries')
        .where({ customer_id: order.customer_id, kind: 'email.resent' })
        .count({ n: '*' })
        .first(),
    ).toEqual({ n: 1 });
  });

  it('refund from the order voids the unsettled sale first, names the total, and the order follows its charges', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const order = await firstOrder('victor.voidable@example.com');
    const none = await agent
      .post(`/orders/${order.public_id}/refunds`)
      .type('form')
      .send({ _csrf: csrf, reason: 'Customer request', idempotency_key: 'order-refund-0' });
    expect(none.status).toBe(422);
    expect(none.text).toContain('Choose at least one charge to void or refund.');
    const sale = await t.deps.db('transactions').where({ order_id: order.id, type: 'sale' }).first();
    await agent
      .post(`/orders/${order.public_id}/refunds`)
      .type('form')
      .send({ _csrf: csrf, reason: 'Customer request', idempotency_key: 'order-refund-1', sales: String(sale.id) });
    expect((await t.deps.db('transactions').where({ id: sale.id }).first()).status).toBe('voided');
    expect(await t.deps.db('transactions').where({ parent_id: sale.id }).pluck('type')).toEqual(['void']);
    expect(await t.deps.db('orders').where({ id: order.id }).first()).toMatchObject({ status: 'refunded' });
    const page = await agent.get(`/orders/${order.public_id}`);
    expect(page.text).toContain(`Charge #${sale.id}: Voided`);
    expect(page.text).toContain('Gave back');
    expect(page.text).not.toContain('id="order-refund"');
  });

  it('refund from the order refunds the order, not its rebills, unless they are chosen', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const order = await firstOrder('alice.refundable@example.com');
    const sales = await t.deps.db('transactions').where({ order_id: order.id, type: 'sale' }).orderBy('id');
    const own = sales.filter((s) => (s.billing_cycle ?? 1) === 1);
    const page = await agent.get(`/orders/${order.public_id}`);
    for (const s of own) expect(page.text).toMatch(new RegExp(`value="${s.id}" data-cents="\\d+" checked`));
    await agent
      .post(`/orders/${order.public_id}/refunds`)
      .type('form')
      .send({
        _csrf: csrf,
        reason: 'Customer request',
        idempotency_key: 'order-refund-2',
        sales: own.map((s) => String(s.id)),
      });
    const after = await t.deps.db('transactions').where({ order_id: order.id, type: 'sale' }).orderBy('id');
    const moved =
      after.reduce((sum, s) => sum + Number(s.refunded_cents), 0) -
      sales.reduce((sum, s) => sum + Number(s.refunded_cents), 0);
    expect(moved).toBe(own.reduce((sum, s) => sum + Number(s.amount_cents) - Number(s.refunded_cents), 0));
    for (const s of after.filter((x) => (x.billing_cycle ?? 1) > 1))
      expect(s.refunded_cents).toBe(sales.find((b) => b.id === s.id)!.refunded_cents);
  });

  it('cancel order: items, open fulfillments and the purchase are cancelled, the customer is emailed, and the optional refund runs', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const tara = await customer('tara.trial@example.com');
    const order = await t.deps.db('orders').where({ customer_id: tara.id }).first();
    await t.deps.db('fulfillments').where({ order_id: order.id }).update({ status: 'pending' });
    const res = await agent
      .post(`/orders/${order.public_id}/cancellation`)
      .type('form')
      .send({ _csrf: csrf, reason: 'Customer request', refund: '1', idempotency_key: 'cancel-1' });
    expect(res.status).toBe(303);
    expect(await t.deps.db('orders').where({ id: order.id }).first()).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'Customer request',
    });
    expect(await t.deps.db('fulfillments').where({ order_id: order.id }).pluck('status')).toEqual(['cancelled']);
    expect(await t.deps.db('purchases').where({ order_id: order.id }).pluck('status')).toEqual(['cancelled']);
    expect(await t.deps.db('transactions').where({ order_id: order.id, type: 'sale' }).pluck('status')).toEqual([
      'refunded',
    ]);
    expect(await t.deps.db('email_outbox').where({ customer_id: tara.id }).orderBy('id').pluck('template')).toEqual([
      'cancellation',
      'refund',
    ]);
    const again = await agent
      .post(`/orders/${order.public_id}/cancellation`)
      .type('form')
      .send({ _csrf: csrf, reason: 'Customer request', idempotency_key: 'cancel-2' });
    expect(again.status).toBe(422);
    expect(again.text).toContain('This order is already cancelled.');
  });

  it('a cancellation without a valid reason shows the message (422) and changes nothing', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const order = await firstOrder('sam.shipped@example.com');
    const res = await agent
      .post(`/orders/${order.public_id}/cancellation`)
      .type('form')
      .send({ _csrf: csrf, reason: 'Because', idempotency_key: 'cancel-3' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose a reason from the list.');
    expect((await t.deps.db('orders').where({ id: order.id }).first()).status).toBe(order.status);
  });
});
