import { type Line, priceLines } from '../../../src/orders/checkout';
import { placeOrder } from '../../../src/orders/entry';
import { runRebills } from '../../../src/subscriptions/rebill';
import { createTestApp, signIn, type TestApp } from '../../support/app';
import { sessionUser } from '../../support/users';

describe('the QA queue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.deps.db('settings').update({ qa_sample_percent: 100 });
  });
  afterAll(() => t.close());
  const db = () => t.deps.db;

  let n = 0;
  /** A new continuity order for a new customer with a complete address: held, as every order is at 100 %. */
  async function heldOrder() {
    n += 1;
    const option = await db()('product_options as o')
      .join('products as p', 'p.id', 'o.product_id')
      .where('p.kind', 'continuity')
      .first('o.id');
    const [c] = await db()('customers')
      .insert({ first_name: 'Quinn', last_name: `Review${n}`, email: `quinn${n}@example.com` })
      .returning('id');
    const user = await sessionUser(db(), 'agent@example.com');
    const placed = await placeOrder(t.deps, user, {
      customerId: c.id,
      lines: [{ optionId: option.id, quantity: 1 }],
      shippingCents: 0,
      payment: { kind: 'card', number: '4111111111111111' },
      idempotencyKey: `qa-order-${n}`,
    });
    expect(placed.ok).toBe(true);
    const order = await db()('orders').where({ public_id: placed.publicId }).first();
    const review = await db()('qa_reviews').where({ order_id: order.id }).first();
    return { order, review, customerId: c.id as number };
  }

  it('holds a new order: its parcel waits, its subscription is not rebilled, the dashboard counts it', async () => {
    const { order, review, customerId } = await heldOrder();
    expect(review).toMatchObject({ state: 'pending', reasons: [{ code: 'sample', detail: '100 % of new orders' }] });
    expect(await db()('fulfillments').where({ order_id: order.id }).pluck('status')).toEqual(['hold']);
    expect(await db()('history_entries').where({ customer_id: customerId, kind: 'qa.held' }).first()).toBeTruthy();
    const purchase = await db()('purchases').where({ order_id: order.id }).first();
    await db()('purchases').where({ id: purchase.id }).update({ next_bill_date: '2000-01-01' });
    await runRebills(t.deps, { ignoreTime: true });
    expect(await db()('transactions').where({ purchase_id: purchase.id }).whereNot('billing_cycle', 1)).toEqual([]);
    const { agent } = await signIn(t.app, 'lead@example.com');
    const pending = Number((await db()('qa_reviews').where({ state: 'pending' }).count({ n: '*' }).first())!.n);
    expect((await agent.get('/')).text).toMatch(new RegExp(`data-figure="qa-queue">${pending}<`));
    expect((await agent.get(`/orders/${order.public_id}`)).text).toContain('Held for QA');
  });

  it('approve releases the parcel once; a second click is told it was decided', async () => {
    const { order, review } = await heldOrder();
    const { agent, csrf } = await signIn(t.app, 'lead@example.com');
    const ok = await agent.post(`/qa/${review.id}/approvals`).type('form').send({ _csrf: csrf });
    expect(ok.status).toBe(303);
    expect(await db()('fulfillments').where({ order_id: order.id }).pluck('status')).toEqual(['pending']);
    expect(await db()('qa_reviews').where({ id: review.id }).first()).toMatchObject({ state: 'approved' });
    const again = await agent.post(`/qa/${review.id}/approvals`).type('form').send({ _csrf: csrf });
    expect(again.status).toBe(409);
    expect(again.text).toContain(`Order ${order.public_id} was already approved by Leo Lead`);
    expect(await db()('events').where({ kind: 'qa.approved', subject_id: order.public_id })).toHaveLength(1);
  });

  it('deny needs a reason from the list (422, nothing written), then cancels the order and voids its charge', async () => {
    const { order, review } = await heldOrder();
    const { agent, csrf } = await signIn(t.app, 'lead@example.com');
    const bad = await agent
      .post(`/qa/${review.id}/denials`)
      .type('form')
      .send({ _csrf: csrf, reason: 'Made up', idempotency_key: 'qa-deny-key-1' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Choose a reason from the list.');
    expect(await db()('qa_reviews').where({ id: review.id }).first()).toMatchObject({ state: 'pending' });
    expect(await db()('orders').where({ id: order.id }).first()).toMatchObject({ status: order.status });

    const reason = (await db()('settings').first('cancellation_reasons')).cancellation_reasons[0];
    const ok = await agent
      .post(`/qa/${review.id}/denials`)
      .type('form')
      .send({ _csrf: csrf, reason, idempotency_key: 'qa-deny-key-2' });
    expect(ok.status).toBe(303);
    expect(await db()('qa_reviews').where({ id: review.id }).first()).toMatchObject({
      state: 'denied',
      deny_reason: reason,
    });
    expect(await db()('orders').where({ id: order.id }).first()).toMatchObject({ status: 'cancelled' });
    expect(await db()('fulfillments').where({ order_id: order.id }).pluck('status')).toEqual(['cancelled']);
    expect(await db()('transactions').where({ order_id: order.id, type: 'void', status: 'approved' })).toHaveLength(1);
    const twice = await agent
      .post(`/qa/${review.id}/denials`)
      .type('form')
      .send({ _csrf: csrf, reason, idempotency_key: 'qa-deny-key-3' });
    expect(twice.status).toBe(409);
    expect(await db()('transactions').where({ order_id: order.id, type: 'void' })).toHaveLength(1);
  });

  it('an agent may not review; an unknown review is 404', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    expect((await agent.post('/qa/1/approvals').type('form').send({ _csrf: csrf })).status).toBe(403);
    const lead = await signIn(t.app, 'lead@example.com');
    expect((await lead.agent.post('/qa/999999/approvals').type('form').send({ _csrf: lead.csrf })).status).toBe(404);
  });

  it('holds an order paid outside the gateway, and one near a blocklist entry, without the sample', async () => {
    await db()('settings').update({ qa_sample_percent: 0 });
    try {
      await db()('blocklist_entries').insert({
        type: 'email',
        value: 'quinn99@example.com',
        display_value: 'quinn99@example.com',
        reason: 'fraud',
      });
      const option = await db()('product_options as o')
        .join('products as p', 'p.id', 'o.product_id')
        .where('p.kind', 'continuity')
        .first('o.id', 'o.price_cents', 'o.trial_price_cents');
      const order = async (email: string, payment: Parameters<typeof placeOrder>[2]['payment'], key: string) => {
        const [c] = await db()('customers').insert({ first_name: 'Near', email }).returning('id');
        const placed = await placeOrder(t.deps, await sessionUser(db(), 'agent@example.com'), {
          customerId: c.id,
          lines: [{ optionId: option.id, quantity: 1 }],
          shippingCents: 0,
          payment,
          idempotencyKey: key,
        });
        expect(placed.message).toMatch(/placed|recorded/);
        const row = await db()('orders').where({ public_id: placed.publicId! }).first();
        return (await db()('qa_reviews').where({ order_id: row.id }).first())?.reasons;
      };
      const card = { kind: 'card', number: '4111111111111111' } as const;
      expect(await order('quinn.99@elsewhere.net', card, 'qa-near-1')).toEqual([
        { code: 'blocklist_near_match', detail: 'near quinn99@example.com' },
      ]);
      const [line] = (await db().transaction((trx) =>
        priceLines(trx, [{ optionId: option.id, quantity: 1 }]),
      )) as Line[];
      const outside = {
        kind: 'external',
        reference: 'POS-1',
        amountCents: line.unit,
        status: 'approved',
      } as const;
      expect(await order('cash.payer@example.com', outside, 'qa-outside-1')).toEqual([
        { code: 'external_payment', detail: 'recorded, never sent to a gateway' },
      ]);
      expect(await order('plain.payer@example.com', card, 'qa-plain-1')).toBeUndefined();
    } finally {
      await db()('settings').update({ qa_sample_percent: 100 });
    }
  });
});
