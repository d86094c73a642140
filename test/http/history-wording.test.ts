import { createTestApp, signIn, type TestApp } from '../support/app';

/** History lines say what changed in words; a save that changes nothing writes nothing. */
describe('history lines in words', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const htmx = { 'HX-Request': 'true' };

  it('a purchase change: price from the next billing, quantity, next bill date; no column names or Date strings', async () => {
    const { agent, csrf } = await signIn(t.app, 'lead@example.com');
    const p = await t.deps.db('purchases').where({ status: 'active' }).orderBy('id').first();
    const next = '2099-12-15';
    const res = await agent
      .patch(`/purchases/${p.id}`)
      .set('X-CSRF-Token', csrf)
      .set(htmx)
      .type('form')
      .send({
        quantity: String(p.quantity + 1),
        unit_price: '20.00',
        price_scope: 'next',
        next_bill_date: next,
        product_option_id: String(p.product_option_id),
      });
    expect(res.status).toBe(204);
    const line = await t.deps
      .db('history_entries')
      .where({ customer_id: p.customer_id, kind: 'purchase.change' })
      .orderBy('id', 'desc')
      .first();
    const price = new Intl.NumberFormat('en-US', { style: 'currency', currency: p.currency }).format(
      p.unit_price_cents / 100,
    );
    expect(line.body).toContain(`Quantity ${p.quantity} → ${p.quantity + 1}`);
    expect(line.body).toContain(`Price ${price} → $20.00 from the next billing`);
    expect(line.body).toContain(`Next bill date ${p.next_bill_date} → ${next}`);
    expect(line.body).not.toMatch(/cents|_|GMT|Coordinated Universal Time/);
  });

  it('saving a purchase unchanged writes no history line and no event', async () => {
    const { agent, csrf } = await signIn(t.app, 'lead@example.com');
    const p = await t.deps.db('purchases').where({ status: 'active' }).orderBy('id', 'desc').first();
    const counts = async () => [
      await t.deps.db('history_entries').count({ n: '*' }).first(),
      await t.deps.db('events').count({ n: '*' }).first(),
    ];
    const before = await counts();
    const res = await agent
      .patch(`/purchases/${p.id}`)
      .set('X-CSRF-Token', csrf)
      .set(htmx)
      .type('form')
      .send({
        quantity: String(p.quantity),
        unit_price: (p.unit_price_cents / 100).toFixed(2),
        price_scope: 'always',
        next_bill_date: p.next_bill_date,
        product_option_id: String(p.product_option_id),
      });
    expect(res.status).toBe(204);
    expect(await counts()).toEqual(before);
  });

  it('the membership password shows "set" right after it is set', async () => {
    const { agent, csrf } = await signIn(t.app, 'lead@example.com');
    const c = await t.deps.db('customers').whereNull('membership_password_hash').orderBy('id').first();
    const res = await agent
      .patch(`/customers/${c.id}/other`)
      .set('X-CSRF-Token', csrf)
      .set(htmx)
      .type('form')
      .send({
        custom1: c.custom1 ?? '',
        custom2: c.custom2 ?? '',
        membership_login: c.membership_login ?? '',
        membership_password: 'a-good-password',
        version: c.updated_at.toISOString(),
      });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/Membership password<\/dt><dd>set</);
    const line = await t.deps
      .db('history_entries')
      .where({ customer_id: c.id, kind: 'customer.edited' })
      .orderBy('id', 'desc')
      .first();
    expect(line.body).toBe('Edited other info: new membership password set');
  });
});
