import { dayIn, addDays } from '../../../src/lib/clock';
import { createTestApp, signIn, type TestApp } from '../../support/app';

describe('purchase details and actions', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const htmx = (csrf: string) => ({ 'HX-Request': 'true', 'X-CSRF-Token': csrf });
  const purchaseOf = async (email: string) =>
    t.deps
      .db('purchases')
      .where({ customer_id: (await t.deps.db('customers').where({ email }).first()).id })
      .first();
  const today = () => dayIn(t.deps.clock.now(), 'UTC');

  it('shows the details with price = quantity × unit price', async () => {
    const { agent } = await signIn(t.app, 'agent@example.com');
    const p = await purchaseOf('tara.trial@example.com');
    const res = await agent.get(`/purchases/${p.id}`);
    expect(res.text).toContain('Glow Serum — 30-day supply');
    expect(res.text).toContain('1 × $69.95 = <strong data-price>$69.95</strong>');
  });

  it('skip trial ends the trial today so that cycle 2 is billed next, today; skipping again is refused with the reason', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const p = await purchaseOf('tara.trial@example.com');
    await agent.post(`/purchases/${p.id}/trial-skips`).set(htmx(csrf));
    expect(await t.deps.db('purchases').where({ id: p.id }).first()).toMatchObject({
      status: 'active',
      billing_cycle: 1,
      next_bill_date: today(),
    });
    const again = await agent.post(`/purchases/${p.id}/trial-skips`).set(htmx(csrf));
    expect(again.status).toBe(422);
    expect(again.text).toContain('Only a subscription in its trial can skip it.');
    const event = await t.deps.db('events').where({ kind: 'purchase.skip_trial' }).first();
    expect(event.before).toMatchObject({ status: 'trial' });
    expect(event.after).toMatchObject({ status: 'active', next_bill_date: today() });
  });

  it('a billing date in the past shows the message and changes nothing; a good change saves quantity and price', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const p = await purchaseOf('tara.trial@example.com');
    const past = await agent
      .patch(`/purchases/${p.id}`)
      .set(htmx(csrf))
      .type('form')
      .send({
        product_option_id: p.product_option_id,
        quantity: '2',
        unit_price: '50.00',
        price_scope: 'always',
        next_bill_date: addDays(today(), -1),
      });
    expect(past.status).toBe(422);
    expect(past.text).toContain('The billing date cannot be in the past.');
    expect((await t.deps.db('purchases').where({ id: p.id }).first()).quantity).toBe(1);
    await agent
      .patch(`/purchases/${p.id}`)
      .set(htmx(csrf))
      .type('form')
      .send({
        product_option_id: p.product_option_id,
        quantity: '2',
        unit_price: '50.00',
        price_scope: 'always',
        next_bill_date: addDays(today(), 5),
      });
    expect(await t.deps.db('purchases').where({ id: p.id }).first()).toMatchObject({
      quantity: 2,
      unit_price_cents: 5000,
      price_cents: 10000,
      next_bill_date: addDays(today(), 5),
    });
  });

  it('pause with a restart date, resume, then cancel now with a reason', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const p = await purchaseOf('alice.refundable@example.com');
    await agent
      .post(`/purchases/${p.id}/pause`)
      .set(htmx(csrf))
      .type('form')
      .send({ restart_date: addDays(today(), 30) });
    expect(await t.deps.db('purchases').where({ id: p.id }).first()).toMatchObject({
      status: 'paused',
      next_bill_date: addDays(today(), 30),
    });
    await agent.delete(`/purchases/${p.id}/pause`).set(htmx(csrf)).type('form').send({});
    expect(await t.deps.db('purchases').where({ id: p.id }).first()).toMatchObject({
      status: 'active',
      next_bill_date: today(),
    });
    await agent
      .post(`/purchases/${p.id}/cancellation`)
      .set(htmx(csrf))
      .type('form')
      .send({ mode: 'now', reason: 'Too expensive', idempotency_key: 'cancel-now-key' });
    expect(await t.deps.db('purchases').where({ id: p.id }).first()).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'Too expensive',
    });
    const restart = await agent.post(`/purchases/${p.id}/trial-restarts`).set(htmx(csrf));
    expect(restart.status).toBe(204);
    expect(await t.deps.db('purchases').where({ id: p.id }).first()).toMatchObject({
      status: 'trial',
      billing_cycle: 1,
      next_bill_date: addDays(today(), 14),
    });
  });
});
