import type { Page } from 'playwright-core';
import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('order entry, the order summary and the blocklist (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  const db = () => h.t.deps.db;
  const outbox = (customerId: number, template: string) =>
    db()('email_outbox').where({ customer_id: customerId, template }).orderBy('id');

  async function openEntry(page: Page, customerId: number) {
    await page.goto(`/customers/${customerId}`);
    await page.click('text=Create New Order');
    await page.waitForSelector('#order-entry');
  }

  async function placeOrder(page: Page, customerId: number) {
    await openEntry(page, customerId);
    const cream = await db()('product_options').where({ sku: 'EYE-CREAM-1' }).first();
    await page.fill(`input[name="quantities[${cream.id}]"]`, '1');
    await page.selectOption('select[name=card]', 'new');
    await page.fill('input[name=new_card_number]', '4111111111111111');
    await oneMutation(page, 'POST /orders', () => page.click('button:has-text("Place order and charge")'));
    await page.waitForURL(/\/orders\/[A-Z0-9]+$/);
    return page.url().split('/').pop()!;
  }

  it('the agent places an order (none chosen is refused), resends its welcome email and cancels it with a refund', async () => {
    const sam = await db()('customers').where({ email: 'sam.shipped@example.com' }).first();
    const orders = async () =>
      Number((await db()('orders').where({ customer_id: sam.id }).count({ n: '*' }).first())!.n);
    const before = await orders();
    const page = await h.signedIn('agent@example.com');
    page.on('dialog', (d) => d.accept());

    await openEntry(page, sam.id);
    const refused = await oneMutation(page, 'POST /orders', () =>
      page.click('button:has-text("Place order and charge")'),
    );
    expect(refused.status()).toBe(422);
    expect(await page.textContent('#order-entry .flash-error')).toContain('Choose at least one product.');
    expect(await orders()).toBe(before);

    const publicId = await placeOrder(page, sam.id);
    expect(await page.textContent('#flash')).toContain(`Order ${publicId} placed and charged.`);
    const order = await db()('orders').where({ public_id: publicId }).first();
    expect(await db()('transactions').where({ order_id: order.id }).select('type', 'status', 'amount_cents')).toEqual([
      { type: 'sale', status: 'pending', amount_cents: 2995 + 495 },
    ]);
    expect(await outbox(sam.id, 'welcome').pluck('subject')).toEqual([`Your order ${publicId} is confirmed`]);

    await oneMutation(page, 'POST /orders/:orderId/emails/welcome', () =>
      page.click('button:has-text("Resend welcome email")'),
    );
    await page.waitForSelector('#flash >> text=The welcome email was sent again to sam.shipped@example.com.');
    expect(await outbox(sam.id, 'welcome').pluck('subject')).toEqual([
      `Your order ${publicId} is confirmed`,
      `Your order ${publicId} is confirmed`,
    ]);
    expect(await db()('history_entries').where({ customer_id: sam.id, kind: 'email.resent' }).pluck('body')).toEqual([
      `Resent the welcome email of order ${publicId} ($34.90) to sam.shipped@example.com`,
    ]);

    // A reason that is not in the settings' list (a stale form) is refused with the message and writes nothing.
    await page.click('summary:has-text("Cancel order")');
    await page.$eval(
      '.cancel-order select[name=reason] option',
      (o) => ((o as HTMLOptionElement).value = 'Not a listed reason'),
    );
    const stale = await oneMutation(page, 'POST /orders/:orderId/cancellation', () =>
      page.click('.cancel-order button:has-text("Cancel order")'),
    );
    expect(stale.status()).toBe(422);
    expect(await page.textContent('.order-actions .flash-error')).toBe('Choose a reason from the list.');
    expect((await db()('orders').where({ id: order.id }).first()).status).toBe(order.status);

    await page.click('summary:has-text("Cancel order")');
    await page.selectOption('.cancel-order select[name=reason]', 'Too expensive');
    await page.check('.cancel-order input[name=refund]');
    await oneMutation(page, 'POST /orders/:orderId/cancellation', () =>
      page.click('.cancel-order button:has-text("Cancel order")'),
    );
    await page.waitForSelector('.flash-info >> text=Cancelled: Too expensive');
    expect(await page.textContent('#flash')).toContain(
      'Cancelled 1 item(s), 1 open fulfillment(s) and 0 subscription(s).',
    );
    expect(await page.textContent('h1')).toContain('cancelled');
    expect(await db()('orders').where({ id: order.id }).first()).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'Too expensive',
    });
    expect(await db()('fulfillments').where({ order_id: order.id }).pluck('status')).toEqual(['cancelled']);
    expect(await db()('transactions').where({ order_id: order.id }).orderBy('id').select('type', 'status')).toEqual([
      { type: 'sale', status: 'voided' },
      { type: 'void', status: 'approved' },
    ]);
    expect(await outbox(sam.id, 'cancellation').pluck('subject')).toEqual([`Your order ${publicId} was cancelled`]);
    expect(await outbox(sam.id, 'void').pluck('subject')).toEqual(['Your charge of $34.90 was cancelled']);
    await page.context().close();
  });

  it("refund from the order: the order's own charge is preselected, the confirmation names the total, rebills stay unless chosen", async () => {
    const alice = await db()('customers').where({ email: 'alice.refundable@example.com' }).first();
    const order = await db()('orders').where({ customer_id: alice.id }).orderBy('id').first();
    const sales = await db()('transactions').where({ order_id: order.id, type: 'sale' }).orderBy('id');
    const own = sales.find((s) => (s.billing_cycle ?? 1) === 1)!;
    const left = Number(own.amount_cents) - Number(own.refunded_cents) - Number(own.queued_cents);
    const page = await h.signedIn('agent@example.com');
    let confirmed = '';
    page.on('dialog', (d) => {
      confirmed = d.message();
      void d.accept();
    });
    await page.goto(`/orders/${order.public_id}`);
    expect(await page.isChecked(`#order-refund input[value="${own.id}"]`)).toBe(true);
    for (const s of sales.filter((x) => x.id !== own.id))
      expect(await page.isChecked(`#order-refund input[value="${s.id}"]`).catch(() => false)).toBe(false);
    await oneMutation(page, 'POST /orders/:orderId/refunds', () => page.click('#order-refund button[type=submit]'));
    await page.waitForSelector('#flash >> text=Gave back');
    expect(confirmed).toContain(`$${(left / 100).toFixed(2)}`);
    expect(await page.textContent('#flash')).toContain(`Charge #${own.id}: Refunded $${(left / 100).toFixed(2)}.`);
    const after = await db()('transactions').where({ order_id: order.id, type: 'sale' }).orderBy('id');
    expect(after.find((s) => s.id === own.id)).toMatchObject({ status: 'refunded', refunded_cents: own.amount_cents });
    for (const s of after.filter((x) => x.id !== own.id))
      expect(s.refunded_cents).toBe(sales.find((b) => b.id === s.id)!.refunded_cents);
    expect(await db()('transactions').where({ parent_id: own.id, type: 'refund', status: 'approved' })).toHaveLength(1);
    expect((await outbox(alice.id, 'refund')).length).toBeGreaterThanOrEqual(1);
    await page.context().close();
  });

  it('the agent cannot blacklist; the cs_admin does; a new order for that customer is blocked with the reason; the admin sees both in the event log', async () => {
    const larry = await db()('customers').where({ email: 'larry.lead@example.com' }).first();
    const agent = await h.signedIn('agent@example.com');
    await agent.goto(`/customers/${larry.id}`);
    expect(await agent.locator('text=Blacklist customer').count()).toBe(0);
    const forged = await agent.evaluate(async (id) => {
      const token = JSON.parse(document.body.getAttribute('hx-headers:inherited')!)['X-CSRF-Token'];
      const r = await fetch(`/customers/${id}/blacklisting`, {
        method: 'POST',
        headers: { 'X-CSRF-Token': token, 'Content-Type': 'application/x-www-form-urlencoded', 'HX-Request': 'true' },
        body: 'reason=forged',
      });
      return r.status;
    }, larry.id);
    expect(forged).toBe(403);

    const lead = await h.signedIn('lead@example.com');
    lead.on('dialog', (d) => d.accept());
    await lead.goto(`/customers/${larry.id}`);
    await lead.click('summary:has-text("Blacklist customer")');
    await lead.fill('.blacklist input[name=reason]', 'Chargeback abuse');
    await lead.click('.blacklist button[type=submit]');
    await lead.waitForSelector('#blacklisted >> text=Blacklisted — Chargeback abuse');

    await openEntry(agent, larry.id);
    const cream = await db()('product_options').where({ sku: 'EYE-CREAM-1' }).first();
    await agent.fill(`input[name="quantities[${cream.id}]"]`, '1');
    await oneMutation(agent, 'POST /orders', () => agent.click('button:has-text("Place order and charge")'));
    expect(await agent.textContent('.flash-error')).toContain(
      'blocked by the blocklist — email larry.lead@example.com (Chargeback abuse)',
    );

    const admin = await h.signedIn('owner@example.com');
    await admin.goto('/admin/events');
    await admin.waitForSelector('#event-table >> text=customer.blacklisted');
    await admin.waitForSelector('#event-table >> text=order.declined');
    for (const p of [agent, lead, admin]) await p.context().close();
  });
});
