import { createTestApp, signIn, type TestApp } from '../../support/app';

describe('fulfillment actions', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const htmx = { 'HX-Request': 'true' };
  const ofCustomer = async (email: string) => {
    const c = await t.deps.db('customers').where({ email }).first();
    return t.deps.db('fulfillments').where({ customer_id: c.id }).orderBy('id').first();
  };

  it('reships a shipped parcel as -R1, then -R2, with the same items; the list comes back with the new rows', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const f = await ofCustomer('sam.shipped@example.com');
    const first = await agent
      .post(`/fulfillments/${f.id}/reships`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ scope: 'customer' });
    expect(first.status).toBe(200);
    expect(first.text).toContain(`${f.reference}-R1`);
    expect(first.text).toContain(`Reship ${f.reference}-R1 created`);
    await agent
      .post(`/fulfillments/${f.id}/reships`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ scope: 'customer' });
    const reships = await t.deps.db('fulfillments').where({ reship_of_id: f.id }).orderBy('id');
    expect(reships.map((r) => [r.reference, r.status])).toEqual([
      [`${f.reference}-R1`, 'pending'],
      [`${f.reference}-R2`, 'pending'],
    ]);
    const items = await t.deps
      .db('fulfillment_items')
      .where({ fulfillment_id: reships[0].id })
      .select('name', 'quantity');
    expect(items).toEqual(
      await t.deps.db('fulfillment_items').where({ fulfillment_id: f.id }).select('name', 'quantity'),
    );
  });

  it('cancels before shipping; refuses after shipping with what to do instead, changing nothing', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const pending = await ofCustomer('victor.voidable@example.com');
    await agent
      .post(`/fulfillments/${pending.id}/cancellation`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({});
    expect((await t.deps.db('fulfillments').where({ id: pending.id }).first()).status).toBe('cancelled');
    const shipped = await ofCustomer('tara.trial@example.com');
    const res = await agent
      .post(`/fulfillments/${shipped.id}/cancellation`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({});
    expect(res.status).toBe(422);
    expect(res.text).toContain('reship it instead');
    expect((await t.deps.db('fulfillments').where({ id: shipped.id }).first()).status).toBe('shipped');
  });

  it('marks a pending parcel shipped with its tracking number (required), then delivered', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const c = await t.deps.db('customers').where({ email: 'alice.refundable@example.com' }).first();
    const [f] = await t.deps
      .db('fulfillments')
      .insert({
        order_id: (await t.deps.db('orders').where({ customer_id: c.id }).first()).id,
        customer_id: c.id,
        reference: 'F-TESTSHIP',
        status: 'pending',
      })
      .returning('id');
    const missing = await agent
      .patch(`/fulfillments/${f.id}`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ action: 'ship', carrier: 'UPS', tracking_number: '' });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('Enter the tracking number to mark it shipped.');
    await agent
      .patch(`/fulfillments/${f.id}`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ action: 'ship', carrier: 'UPS', tracking_number: '1Z999', scope: 'order' });
    expect(await t.deps.db('fulfillments').where({ id: f.id }).first()).toMatchObject({
      status: 'shipped',
      carrier: 'UPS',
      tracking_number: '1Z999',
    });
    await agent
      .patch(`/fulfillments/${f.id}`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ action: 'deliver' });
    expect((await t.deps.db('fulfillments').where({ id: f.id }).first()).status).toBe('delivered');
    const history = await t.deps.db('history_entries').where({ customer_id: c.id, kind: 'fulfillment.ship' }).first();
    expect(history.body).toBe('Fulfillment F-TESTSHIP: pending → shipped (UPS 1Z999)');
  });
});
