import { createTestApp, signIn, type TestApp } from '../../support/app';

describe('transaction actions over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const htmx = { 'HX-Request': 'true' };
  const settledSaleOf = async (email: string) => {
    const c = await t.deps.db('customers').where({ email }).first();
    return t.deps
      .db('transactions')
      .where({ customer_id: c.id, type: 'sale', status: 'settled' })
      .orderBy('id')
      .first();
  };

  it('refund returns the updated row, the message and the history out of band', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const sale = await settledSaleOf('alice.refundable@example.com');
    const res = await agent
      .post(`/transactions/${sale.id}/refunds`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ idempotency_key: 'http-refund-1', reason: 'Customer request', amount: '5.00' });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(new RegExp(`^\\s*<tr id="transaction-${sale.id}">`));
    expect(res.text).toContain('data-status="partially_refunded"');
    expect(res.text).toContain('<div id="flash" hx-swap-oob="true">');
    expect(res.text).toContain('Refunded $5.00.');
    expect(res.text).toContain(`Refunded $5.00 of charge #${sale.id} — Customer request`);
    // the same form submitted again (double click) does nothing more
    await agent
      .post(`/transactions/${sale.id}/refunds`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ idempotency_key: 'http-refund-1', reason: 'Customer request', amount: '5.00' });
    expect(await t.deps.db('transactions').where({ parent_id: sale.id }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('bad input is refused with 422 and writes nothing', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const sale = await settledSaleOf('sam.shipped@example.com');
    for (const body of [
      { idempotency_key: 'http-bad-1', reason: 'Made up', amount: '1.00' },
      { idempotency_key: 'http-bad-2', reason: 'Customer request', amount: '-3' },
    ]) {
      const res = await agent
        .post(`/transactions/${sale.id}/refunds`)
        .set(htmx)
        .set('X-CSRF-Token', csrf)
        .type('form')
        .send(body);
      expect(res.status).toBe(422);
    }
    expect(await t.deps.db('transactions').where({ parent_id: sale.id }).count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('bulk refund sends each selected charge through the single refund path and reports each', async () => {
    const { agent, csrf } = await signIn(t.app, 'lead@example.com');
    const a = await settledSaleOf('sam.shipped@example.com');
    const quinn = await settledSaleOf('quinn.queue@example.com');
    const body = new URLSearchParams([
      ['_csrf', csrf],
      ['ids', String(a.id)],
      ['ids', String(quinn.id)],
      ['ids', '999999'],
      ['reason', 'Customer request'],
      ['idempotency_key', 'bulk-key-1'],
      ['back', '/customers'],
    ]);
    const res = await agent.post('/transactions/refunds').type('form').send(body.toString());
    expect(res.headers.location).toBe('/customers');
    const page = await agent.get('/');
    expect(page.text).toContain(`Charge #${a.id}: Refunded`);
    expect(page.text).toContain(
      `Charge #${quinn.id}: The gateway declined the refund (Refund not permitted by issuer). Refund queued — retry 1 of 3 on`,
    );
    expect(page.text).toContain('Charge #999999: That charge was not found.');
    expect((await t.deps.db('transactions').where({ id: a.id }).first()).status).toBe('refunded');
  });

  it('resend refund email queues it again', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const refund = await t.deps.db('transactions').where({ type: 'refund', status: 'approved' }).first();
    const before = await t.deps.db('email_outbox').where({ template: 'refund' }).count({ n: '*' }).first();
    const res = await agent.post(`/transactions/${refund.id}/emails/refund`).set(htmx).set('X-CSRF-Token', csrf);
    expect(res.text).toContain('The refund email was sent again to');
    expect(await t.deps.db('email_outbox').where({ template: 'refund' }).count({ n: '*' }).first()).toEqual({
      n: Number(before!.n) + 1,
    });
  });

  it('with auto-cancel on, a refund of a subscription charge cancels the subscription', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    await t.deps.db('settings').update({ auto_cancel_on_refund: true });
    const sale = await t.deps
      .db('transactions')
      .whereNotNull('purchase_id')
      .where({ type: 'sale', status: 'settled' })
      .whereIn('purchase_id', t.deps.db('purchases').select('id').where({ status: 'active' }))
      .whereIn(
        'payment_instrument_id',
        t.deps.db('payment_instruments').select('id').where({ gateway_token: 'test_4111111111111111' }),
      )
      .first();
    await agent
      .post(`/transactions/${sale.id}/refunds`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ idempotency_key: 'auto-cancel-key-1', reason: 'Customer request', amount: '1.00' });
    expect(await t.deps.db('purchases').where({ id: sale.purchase_id }).first()).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'Refunded (auto-cancel)',
    });
    await t.deps.db('settings').update({ auto_cancel_on_refund: false });
  });

  it('the refund queue page lists queued items with attempts and the last reason', async () => {
    const { agent } = await signIn(t.app, 'agent@example.com');
    await t.deps.db('refund_queue').del();
    expect((await agent.get('/refund-queue')).text).toContain('The queue is empty.');
    const sale = await settledSaleOf('rita.recycling@example.com');
    // A queued refund holds its amount on the charge, as the refund path would have done.
    await t.deps.db('transactions').where({ id: sale.id }).update({ queued_cents: 1500 });
    await t.deps.db('refund_queue').insert({
      transaction_id: sale.id,
      customer_id: sale.customer_id,
      amount_cents: 1500,
      reason: 'Customer request',
      status: 'queued',
      attempts: 1,
      next_attempt_at: new Date('2099-12-01T07:00:00Z'),
      attempt_log: JSON.stringify([{ at: '2099-11-30T07:00:00Z', reason: 'Refund declined by issuer' }]),
    });
    const page = await agent.get('/refund-queue');
    expect(page.text).toContain('Rita Recycling');
    expect(page.text).toContain('$15.00');
    expect(page.text).toContain('1 of 3');
    expect(page.text).toContain('2099-12-01 07:00');
    expect(page.text).toContain('Refund declined by issuer');
  });

  it('an admin runs the queue now; a cs_admin drops an item and the held amount is released', async () => {
    const sale = await t.deps
      .db('transactions')
      .where({ type: 'sale', status: 'settled', queued_cents: 0 })
      .orderBy('id', 'desc')
      .first();
    await t.deps.db('transactions').where({ id: sale.id }).update({ queued_cents: 700 });
    const [item] = await t.deps
      .db('refund_queue')
      .insert({
        transaction_id: sale.id,
        customer_id: sale.customer_id,
        amount_cents: 700,
        reason: 'Customer request',
        status: 'queued',
        next_attempt_at: new Date(Date.now() + 86_400_000),
      })
      .returning('id');
    const admin = await signIn(t.app, 'owner@example.com');
    const run = await admin.agent.post('/refund-queue/runs').type('form').send({ _csrf: admin.csrf });
    expect(run.headers.location).toBe('/refund-queue');
    expect((await admin.agent.get('/refund-queue')).text).toContain('Refund queue run: 0 attempted'); // not due yet
    const lead = await signIn(t.app, 'lead@example.com');
    const drop = await lead.agent.delete(`/refund-queue/${item.id}`).set(htmx).set('X-CSRF-Token', lead.csrf);
    expect(drop.headers['hx-redirect']).toBe('/refund-queue');
    expect(await t.deps.db('refund_queue').where({ id: item.id }).first()).toMatchObject({ status: 'dropped' });
    expect(await t.deps.db('transactions').where({ id: sale.id }).first()).toMatchObject({ queued_cents: 0 });
  });

  it('Run now with an item that cannot be processed: no 500, the flash counts it, the page shows its error', async () => {
    const sale = await t.deps
      .db('transactions')
      .where({ type: 'sale', status: 'settled', queued_cents: 0 })
      .orderBy('id', 'desc')
      .first();
    await t.deps.db('transactions').where({ id: sale.id }).update({ queued_cents: 500 });
    const [item] = await t.deps
      .db('refund_queue')
      .insert({
        transaction_id: sale.id,
        customer_id: sale.customer_id,
        amount_cents: 500,
        reason: 'Customer request',
        status: 'queued',
        next_attempt_at: new Date(Date.now() - 60_000),
      })
      .returning('id');
    // Rigged: the retry's attempt row cannot be written (its idempotency key is taken).
    await t.deps.db('transactions').insert({
      customer_id: sale.customer_id,
      type: 'sale',
      status: 'declined',
      amount_cents: 1,
      idempotency_key: `refund-queue:${item.id}:1`,
    });
    const admin = await signIn(t.app, 'owner@example.com');
    const run = await admin.agent.post('/refund-queue/runs').type('form').send({ _csrf: admin.csrf });
    expect(run.status).toBe(303);
    const page = (await admin.agent.get('/refund-queue')).text;
    expect(page).toMatch(/Refund queue run: \d+ attempted, .*, 1 could not be processed/);
    expect(page).toContain('Could not be processed: ');
    expect(await t.deps.db('refund_queue').where({ id: item.id }).first()).toMatchObject({
      status: 'queued',
      in_flight_key: null,
    });
  });
});
