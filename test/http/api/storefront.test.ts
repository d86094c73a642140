import request from 'supertest';
import { apiClient, newKey } from '../../support/api';
import { createTestApp, signIn, type TestApp } from '../../support/app';

/** The flow of the issue, one key and only the API: lead → customer with an order → upsell → shipped. */
describe('the API, as a storefront uses it', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    t = await createTestApp();
    api = apiClient(t.app, await newKey(t.deps.db));
  });
  afterAll(() => t.close());

  it('creates a lead, dedupes it, orders, upsells and ships, each write an event by the key', async () => {
    const db = t.deps.db;
    const lead = await api.post('/customers', { first_name: 'Lena', last_name: 'Lead', email: 'Lena@Example.com' });
    expect(lead.status).toBe(201);
    expect(lead.body).toMatchObject({ segment: 'lead', email: 'lena@example.com' });
    const again = await api.post('/customers', {
      first_name: 'Lena',
      last_name: 'Lead',
      email: 'lena@example.com',
      phone: '555-0142',
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: lead.body.id, phone: '555-0142' });
    expect(await db('customers').where({ email: 'lena@example.com' }).count({ n: '*' })).toEqual([{ n: 1 }]);
    const byPhone = await api.post('/customers', { first_name: 'lena', last_name: 'LEAD', phone: '(555) 0142' });
    expect(byPhone.status).toBe(200);

    const order = await api.post(
      '/orders',
      {
        customer_id: lead.body.id,
        items: [{ sku: 'GLOW-SERUM-1', quantity: 1 }],
        shipping_cents: 495,
        payment: { type: 'card', number: '4111111111111111' },
      },
      'order-lena-0001',
    );
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ outcome: 'approved', order: { status: 'pending', customer_id: lead.body.id } });
    expect(order.body.order.purchases).toHaveLength(1);
    expect((await api.get(`/customers/${lead.body.id}`)).body.segment).toBe('customer');

    const upsell = await api.post(
      `/orders/${order.body.order.id}/upsells`,
      { items: [{ sku: 'EYE-CREAM-1', quantity: 2 }] },
      'upsell-lena-0001',
    );
    expect(upsell.status).toBe(201);
    expect(upsell.body.outcome).toBe('approved');
    expect(upsell.body.order.transactions.filter((x: { type: string }) => x.type === 'sale')).toHaveLength(2);
    expect(upsell.body.order.fulfillments).toHaveLength(2);
    expect(upsell.body.order.purchases).toHaveLength(1); // the eye cream is one-time

    const parcel = upsell.body.order.fulfillments[0];
    const shipped = await api.patch(`/fulfillments/${parcel.id}`, {
      status: 'shipped',
      carrier: 'UPS',
      tracking_number: '1Z999',
    });
    expect(shipped.body).toMatchObject({ status: 'shipped', carrier: 'UPS', tracking_number: '1Z999' });
    const twice = await api.patch(`/fulfillments/${parcel.id}`, {
      status: 'shipped',
      carrier: 'UPS',
      tracking_number: '1Z999',
    });
    expect(twice.status).toBe(409);

    const events = await db('events').where({ actor_kind: 'api_key' }).orderBy('id').pluck('kind');
    expect(events).toEqual([
      'customer.created',
      'customer.edited', // the phone added
      'customer.edited', // the names and phone as the third call typed them
      'order.created',
      'order.upsold',
      'fulfillment.ship',
    ]);
    expect(await db('events').where({ actor_kind: 'api_key' }).distinct('actor_name').pluck('actor_name')).toEqual([
      'Storefront',
    ]);
    expect(await db('orders').where({ public_id: order.body.order.id }).first('created_by')).toEqual({
      created_by: null,
    });
  });

  it('books an external charge without calling the gateway, and refuses a wrong amount', async () => {
    const calls = (t.deps.gateway as unknown as { calls: number }).calls;
    const body = (amount: number) => ({
      customer: { first_name: 'Ext', email: 'ext@example.com' },
      items: [{ sku: 'EYE-CREAM-1', quantity: 1 }],
      payment: { type: 'external', gateway_reference: 'ch_123', amount_cents: amount, status: 'approved' },
    });
    const wrong = await api.post('/orders', body(100), 'ext-order-wrong');
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({
      code: 'amount_mismatch',
      errors: { 'payment.amount_cents': expect.any(String) },
    });
    const ok = await api.post('/orders', body(2995), 'ext-order-right');
    expect(ok.body).toMatchObject({
      outcome: 'approved',
      order: { transactions: [{ gateway: 'external', amount_cents: 2995 }] },
    });
    expect((t.deps.gateway as unknown as { calls: number }).calls).toBe(calls);
  });

  it('answers a declined card with the order and the reason', async () => {
    const res = await api.post(
      '/orders',
      {
        customer: { first_name: 'Dee', email: 'dee@example.com' },
        items: [{ sku: 'EYE-CREAM-1', quantity: 1 }],
        payment: { type: 'card', number: '4000000000000002' },
      },
      'declined-order-1',
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      outcome: 'declined',
      order: { status: 'declined', decline_reason: 'Insufficient funds' },
    });
  });

  it('refunds and voids through the one refund path, and lists transactions by keyset', async () => {
    const db = t.deps.db;
    const sale = await db('transactions').where({ type: 'sale', status: 'pending' }).orderBy('id', 'desc').first();
    const reason = (await db('settings').first()).refund_reasons[0];
    const voided = await api.post(`/transactions/${sale.id}/voids`, { reason }, 'void-one-0001');
    expect(voided.status).toBe(201);
    expect(voided.body).toMatchObject({ outcome: 'approved', transaction: { type: 'void', parent_id: sale.id } });
    const settled = await db('transactions').where({ type: 'sale', status: 'settled' }).orderBy('id').first();
    const refunded = await api.post(
      `/transactions/${settled.id}/refunds`,
      { reason, amount_cents: 1 },
      'refund-one-0001',
    );
    expect(refunded.status).toBe(201);
    const badReason = await api.post(`/transactions/${settled.id}/refunds`, { reason: 'nope' }, 'refund-one-0002');
    expect(badReason.status).toBe(422);
    const first = await api.get(`/transactions?customer=${settled.customer_id}`);
    expect(first.body.data.every((x: { customer_id: number }) => x.customer_id === settled.customer_id)).toBe(true);
    const all = await api.get('/transactions');
    const next = await api.get(`/transactions?cursor=${all.body.next_cursor}`);
    expect(next.body.data[0].id).toBeGreaterThan(all.body.data.at(-1).id);
  });

  it('finds customers by email, phone, order and last 4, and pages by updated_at', async () => {
    const found = await api.get('/customers?email=LENA@example.com');
    expect(found.body.data).toHaveLength(1);
    expect((await api.get('/customers?phone=5550142')).body.data[0].id).toBe(found.body.data[0].id);
    const page1 = await api.get('/customers');
    const page2 = await api.get(`/customers?cursor=${page1.body.next_cursor}`);
    const ids = [...page1.body.data, ...page2.body.data].map((c: { id: number }) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await api.get('/customers?cursor=garbage')).body.data).toEqual([]);
  });

  it("a cancellation's reason must be one of the account's cancellation reasons: otherwise 422, nothing written", async () => {
    const p = await t.deps.db('purchases').where({ status: 'active' }).orderBy('id', 'desc').first();
    const events = await t.deps.db('events').count({ n: '*' }).first();
    for (const reason of ['I just want out', '<script>x</script>']) {
      const res = await api.post(`/purchases/${p.id}/cancellation`, { reason });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({
        code: 'validation_failed',
        errors: { reason: expect.stringContaining('Too expensive') },
      });
    }
    expect(await t.deps.db('purchases').where({ id: p.id }).first()).toMatchObject({
      status: 'active',
      cancel_reason: null,
    });
    expect(await t.deps.db('events').count({ n: '*' }).first()).toEqual(events);
    const ok = await api.post(`/purchases/${p.id}/cancellation`, { reason: '  too EXPENSIVE ' });
    expect(ok.body).toMatchObject({ status: 'cancelled', cancel_reason: 'Too expensive' });
    const doc = (await request(t.app).get('/api/v1/openapi.json')).body;
    expect(doc.paths['/purchases/{id}/cancellation'].post.summary).toMatch(/one of the account's cancellation reasons/);
  });

  it('cancels a purchase and reads it back; a session cookie never opens the API', async () => {
    const p = await t.deps.db('purchases').where({ status: 'active' }).first();
    const res = await api.post(`/purchases/${p.id}/cancellation`, { reason: 'Too expensive' });
    expect(res.body).toMatchObject({ id: p.id, status: 'cancelled', cancel_reason: 'Too expensive' });
    const { agent } = await signIn(t.app, 'owner@example.com');
    const viaSession = await agent.get(`/api/v1/purchases/${p.id}`);
    expect(viaSession.status).toBe(401);
    expect(viaSession.headers['content-type']).toContain('application/problem+json');
    expect((await request(t.app).get('/api/v1/openapi.json')).body.openapi).toBe('3.1.0');
  });

  it("publishes the fields' descriptions, with no $defs a document-level $ref could not resolve", async () => {
    const doc = (await request(t.app).get('/api/v1/openapi.json')).body;
    const order = doc.paths['/orders'].post.requestBody.content['application/json'].schema;
    expect(order.properties.customer.description).toBe('Inline: deduplicated like POST /customers');
    expect(order.properties.customer.properties.billing.properties.country.description).toBe(
      'ISO 3166-1 alpha-2, e.g. US',
    );
    expect(JSON.stringify(doc)).not.toContain('$defs');
  });
});
