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
    const res = await agent.patch('/admin/settings').set(htmx).set('X-CSRF-Token', csrf).type('form').send({
      auto_cancel_on_refund: '1',
      refund_reasons: 'Customer request\n Damaged \n\nCustomer request',
      cancellation_reasons: 'Too expensive',
      refund_queue_time: '07:00',
      rebill_time: '06:00',
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Settings saved.');
    expect(await settings()).toMatchObject({
      auto_cancel_on_refund: true,
      refund_reasons: ['Customer request', 'Damaged'],
      cancellation_reasons: ['Too expensive'],
    });
    const event = await t.deps.db('events').where({ kind: 'settings.changed' }).first();
    expect(event.actor_name).toBe('Olivia Owner');
    expect(event.before.auto_cancel_on_refund).toBe(false);
    expect(event.after.refund_reasons).toEqual(['Customer request', 'Damaged']);
  });

  it('refuses an empty reason list with 422 and saves nothing', async () => {
    const { agent, csrf } = await signIn(t.app, 'owner@example.com');
    const before = await settings();
    const res = await agent
      .patch('/admin/settings')
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ refund_reasons: ' \n ', cancellation_reasons: 'x', refund_queue_time: '25:00', rebill_time: '06:00' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Keep at least one refund reason.');
    expect(res.text).toContain('Enter the refund queue time as HH:MM, e.g. 07:00.');
    expect(await settings()).toEqual(before);
  });

  it('the new reasons are what the refund form offers', async () => {
    const { agent } = await signIn(t.app, 'agent@example.com');
    const alice = await t.deps.db('customers').where({ email: 'alice.refundable@example.com' }).first();
    const page = await agent.get(`/customers/${alice.id}`);
    expect(page.text).toContain('<option>Damaged</option>');
  });

  it('notify emails: added and listed, an invalid or repeated one refused with a message, removed', async () => {
    const { agent, csrf } = await signIn(t.app, 'owner@example.com');
    const add = await agent
      .post('/admin/notify-emails')
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ email: ' Ops@Example.com ' });
    expect(add.status).toBe(201);
    expect(add.text).toContain('ops@example.com');
    const bad = await agent
      .post('/admin/notify-emails')
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ email: 'not an email' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Enter a valid email address, like ops@example.com.');
    const dup = await agent
      .post('/admin/notify-emails')
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ email: 'ops@example.com' });
    expect(dup.text).toContain('ops@example.com is already on the list.');
    const rows = await t.deps.db('notify_emails').select('id', 'email');
    expect(rows.map((r) => r.email)).toEqual(['ops@example.com']);
    await agent.delete(`/admin/notify-emails/${rows[0].id}`).set(htmx).set('X-CSRF-Token', csrf);
    expect(await t.deps.db('notify_emails').count({ n: '*' }).first()).toEqual({ n: 0 });
    expect(await t.deps.db('events').where('kind', 'like', 'settings.notify_email_%').pluck('kind')).toEqual([
      'settings.notify_email_added',
      'settings.notify_email_removed',
    ]);
  });

  it('a new refund-queue time moves queued retries to that time at once', async () => {
    const { agent, csrf } = await signIn(t.app, 'owner@example.com');
    const sale = await t.deps.db('transactions').where({ type: 'sale', status: 'settled' }).first();
    const [q] = await t.deps
      .db('refund_queue')
      .insert({
        transaction_id: sale.id,
        customer_id: sale.customer_id,
        amount_cents: 100,
        reason: 'x',
        status: 'queued',
        next_attempt_at: new Date('2026-12-01T07:00:00Z'),
      })
      .returning('id');
    const current = await settings();
    await agent
      .patch('/admin/settings')
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({
        refund_reasons: current.refund_reasons.join('\n'),
        cancellation_reasons: current.cancellation_reasons.join('\n'),
        refund_queue_time: '09:30',
        rebill_time: '06:00',
      });
    expect((await settings()).refund_queue_time).toBe('09:30');
    expect((await t.deps.db('refund_queue').where({ id: q.id }).first()).next_attempt_at).toEqual(
      new Date('2026-12-01T09:30:00Z'),
    );
  });
});
