import type { ManualClock } from '../../../src/lib/clock';
import { createTestApp, signIn, type TestApp } from '../../support/app';
import { startReceiver } from '../../support/receiver';
import { deliverWebhooks } from '../../../src/webhooks/deliver';

describe('admin webhooks pages', () => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    t = await createTestApp();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  const htmx = { 'HX-Request': 'true' };
  const endpoints = () => t.deps.db('webhook_endpoints').orderBy('id');

  it('is for admins only', async () => {
    const { agent } = await signIn(t.app, 'lead@example.com');
    const res = await agent.get('/admin/webhooks');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
  });

  it('refuses a form without an address or events with 422 and writes nothing', async () => {
    const { agent, csrf } = await signIn(t.app, 'owner@example.com');
    const res = await agent
      .post('/admin/webhooks')
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ url: 'ftp://example.com/x', events: 'customer.exploded' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose among the listed events.');
    const empty = await agent.post('/admin/webhooks').set('X-CSRF-Token', csrf).type('form').send({ url: '' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Enter the address webhooks are sent to.');
    expect(empty.text).toContain('Choose at least one event.');
    const ftp = await agent
      .post('/admin/webhooks')
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ url: 'ftp://example.com/x', events: 'customer.created' });
    expect(ftp.status).toBe(422);
    expect(ftp.text).toContain('The address must start with https://.');
    expect(await endpoints()).toEqual([]);
  });

  it('adds an endpoint, shows its secret, edits and disables it; each change is an event', async () => {
    const { agent, csrf } = await signIn(t.app, 'owner@example.com');
    const res = await agent
      .post('/admin/webhooks')
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ url: receiver.url, events: ['customer.created', 'transaction.refunded'] });
    expect(res.status).toBe(303);
    const [e] = await endpoints();
    expect(e).toMatchObject({ url: receiver.url, events: ['customer.created', 'transaction.refunded'], enabled: true });
    expect(res.headers.location).toBe(`/admin/webhooks/${e.id}`);
    const page = await agent.get(`/admin/webhooks/${e.id}`);
    expect(page.text).toContain(e.secret);
    expect(page.text).toContain('Endpoint added.');

    const bad = await agent
      .put(`/admin/webhooks/${e.id}`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ url: receiver.url });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Choose at least one event.');

    const off = await agent
      .put(`/admin/webhooks/${e.id}`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ url: receiver.url, events: 'customer.created' });
    expect(off.status).toBe(204);
    expect(off.headers['hx-redirect']).toBe(`/admin/webhooks/${e.id}`);
    expect((await endpoints())[0]).toMatchObject({
      events: ['customer.created'],
      enabled: false,
      disabled_reason: 'Disabled by an admin',
    });
    const kinds = await t.deps.db('events').where('kind', 'like', 'webhook.%').orderBy('id').pluck('kind');
    expect(kinds).toEqual(['webhook.endpoint_created', 'webhook.endpoint_updated']);
    await t.deps.db('webhook_endpoints').update({ enabled: true });
  });

  it('an agent creating a customer causes a delivery; the page lists its attempts and redelivers it', async () => {
    const [e] = await endpoints();
    const agent = await signIn(t.app, 'agent@example.com');
    const created = await agent.agent
      .post('/customers')
      .set('X-CSRF-Token', agent.csrf)
      .type('form')
      .send({ first_name: 'Hooked', last_name: 'Customer', email: 'hooked@example.com' });
    expect(created.status).toBe(303);
    (t.deps.clock as ManualClock).set(new Date(Date.now() + 60_000));
    expect(await deliverWebhooks(t.deps)).toEqual({ delivered: 1, failed: 0 });
    expect(JSON.parse(receiver.received[0].body).type).toBe('customer.created');

    const { agent: owner, csrf } = await signIn(t.app, 'owner@example.com');
    const page = await owner.get(`/admin/webhooks/${e.id}`);
    expect(page.text).toContain('customer.created');
    expect(page.text).toContain('received 1');
    const d = await t.deps.db('webhook_deliveries').first();
    const again = await owner.post(`/admin/webhooks/${e.id}/deliveries/${d.id}/redelivery`).set('X-CSRF-Token', csrf);
    expect(again.status).toBe(303);
    expect(await t.deps.db('webhook_deliveries').where({ id: d.id }).first()).toMatchObject({
      status: 'pending',
      next_attempt_at: null,
    });
    expect(await deliverWebhooks(t.deps)).toEqual({ delivered: 1, failed: 0 });
    expect(receiver.received.map((r) => r.body)).toEqual([receiver.received[0].body, receiver.received[0].body]);

    const missing = await owner.post(`/admin/webhooks/${e.id}/deliveries/999999/redelivery`).set('X-CSRF-Token', csrf);
    expect(missing.status).toBe(404);
  });
});
