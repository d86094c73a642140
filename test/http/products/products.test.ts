import { createTestApp, signIn, type TestApp } from '../../support/app';

describe('products admin', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('adds a continuity product with trial and rebill terms; refuses missing terms with messages', async () => {
    const { agent, csrf } = await signIn(t.app, 'owner@example.com');
    const bad = await agent.post('/admin/products').type('form').send({
      _csrf: csrf,
      kind: 'continuity',
      name: 'Night Cream',
      sku: 'night-cream',
      option_name: '50 ml',
      trial_price: '1.00',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('A continuity product needs its rebill price.');
    expect(bad.text).toContain('A continuity product needs its cycle in days.');
    expect(await t.deps.db('products').where({ sku: 'NIGHT-CREAM' }).first()).toBeUndefined();
    const ok = await agent.post('/admin/products').type('form').send({
      _csrf: csrf,
      kind: 'continuity',
      name: 'Night Cream',
      sku: 'night-cream',
      option_name: '50 ml',
      trial_price: '1.00',
      trial_days: '7',
      rebill_price: '49.00',
      cycle_days: '28',
      final_cycle: '4',
    });
    expect(ok.headers.location).toBe('/admin/products');
    const p = await t.deps.db('products').where({ sku: 'NIGHT-CREAM' }).first();
    expect(await t.deps.db('product_options').where({ product_id: p.id }).first()).toMatchObject({
      trial_price_cents: 100,
      trial_days: 7,
      rebill_price_cents: 4900,
      cycle_days: 28,
      final_cycle: 4,
    });
  });

  it('retiring a product takes it out of order entry', async () => {
    const { agent, csrf } = await signIn(t.app, 'owner@example.com');
    const p = await t.deps.db('products').where({ sku: 'SHIP-PROTECT' }).first();
    await agent
      .patch(`/admin/products/${p.id}`)
      .set({ 'HX-Request': 'true', 'X-CSRF-Token': csrf })
      .type('form')
      .send({ active: '0' });
    expect((await t.deps.db('products').where({ id: p.id }).first()).active).toBe(false);
    const customer = await t.deps.db('customers').first();
    expect((await agent.get(`/orders/new?customer=${customer.id}`)).text).not.toContain('Shipping Protection');
  });

  it('adds an option to an existing continuity product; refuses one without its terms', async () => {
    const { agent, csrf } = await signIn(t.app, 'owner@example.com');
    const p = await t.deps.db('products').where({ sku: 'GLOW-SERUM' }).first();
    const bad = await agent
      .post(`/admin/products/${p.id}/options`)
      .type('form')
      .send({ _csrf: csrf, option_name: '60-day supply' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('A continuity product needs its rebill price.');
    await agent.post(`/admin/products/${p.id}/options`).type('form').send({
      _csrf: csrf,
      option_name: '60-day supply',
      trial_price: '9.95',
      trial_days: '14',
      rebill_price: '129.00',
      cycle_days: '60',
    });
    expect(await t.deps.db('product_options').where({ product_id: p.id }).orderBy('id').pluck('name')).toEqual([
      '30-day supply',
      '60-day supply',
    ]);
    expect(await t.deps.db('product_options').where({ product_id: p.id, name: '60-day supply' }).first()).toMatchObject(
      { sku: 'GLOW-SERUM-2', rebill_price_cents: 12900, cycle_days: 60 },
    );
  });

  it('a SKU whose first option SKU another product already uses is refused with 422 (sku_taken), nothing created', async () => {
    const { agent, csrf } = await signIn(t.app, 'owner@example.com');
    const other = await t.deps.db('product_options').orderBy('id').first();
    await t.deps.db('product_options').insert({ ...other, id: undefined, sku: 'CLASH-1', name: 'Imported option' });
    const before = await t.deps.db('products').count({ n: '*' }).first();
    const res = await agent
      .post('/admin/products')
      .type('form')
      .send({ _csrf: csrf, kind: 'one_time', name: 'Clash', sku: 'clash', option_name: 'x', price: '5.00' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('That SKU is taken');
    expect(await t.deps.db('products').count({ n: '*' }).first()).toEqual(before);
  });
});
