import { createTestApp, signIn, type TestApp } from '../../support/app';

describe('admin settings', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const htmx = { 'HX-Request': 'true' };
  const settings = () => t.deps.db('settings').first();

  it('the admin turns auto-cancel on and edits the reasons; the change is an event with before → after', async () => {
    const { agent, csrf } = await signIn(t.app, 'owner@example.com');
    const page = await agent.get('/admin/settings');
    expect(page.text).toContain('Auto-cancel on refund and void');
    const res = await agent.patch('/admin/settings').set(htmx).set('X-CSRF-Token', csrf).type('form')
      .send({ auto_cancel_on_refund: '1', refund_reasons: 'Customer request\n Damaged \n\nCustomer request', cancellation_reasons: 'Too expensive' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Settings saved.');
    expect(await settings()).toMatchObject({ auto_cancel_on_refund: true, refund_reasons: ['Customer request', 'Damaged'], cancellation_reasons: ['Too expensive'] });
    const event = await t.deps.db('events').where({ kind: 'settings.changed' }).first();
    expect(event.actor_name).toBe('Olivia Owner');
    expect(event.before.auto_cancel_on_refund).toBe(false);
    expect(event.after.refund_reasons).toEqual(['Customer request', 'Damaged']);
  });

  it('refuses an empty reason list with 422 and saves nothing', async () => {
    const { agent, csrf } = await signIn(t.app, 'owner@example.com');
    const before = await settings();
    const res = await agent.patch('/admin/settings').set(htmx).set('X-CSRF-Token', csrf).type('form').send({ refund_reasons: ' \n ', cancellation_reasons: 'x' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Keep at least one refund reason.');
    expect(await settings()).toEqual(before);
  });

  it('the new reasons are what the refund form offers', async () => {
    const { agent } = await signIn(t.app, 'agent@example.com');
    const alice = await t.deps.db('customers').where({ email: 'alice.refundable@example.com' }).first();
    const page = await agent.get(`/customers/${alice.id}`);
    expect(page.text).toContain('<option>Damaged</option>');
  });
});
