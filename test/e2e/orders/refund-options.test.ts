import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('refund options on the order page (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  const db = () => h.t.deps.db;

  /** A demo order whose own settled charge (a card that refunds) paid its lines, nothing given back yet. */
  async function freshOrder(skip: string[] = []) {
    const { rows } = await db().raw(
      `SELECT o.id, o.public_id, o.customer_id, t.id AS sale_id, t.amount_cents FROM orders o
         JOIN transactions t ON t.order_id = o.id AND t.type = 'sale' AND t.billing_cycle IS NOT DISTINCT FROM 1
         JOIN payment_instruments pi ON pi.id = t.payment_instrument_id AND pi.last4 = '1111'
        WHERE o.status = 'complete' AND t.status = 'settled' AND t.refunded_cents = 0 AND t.queued_cents = 0
          AND EXISTS (SELECT 1 FROM order_items i WHERE i.sale_id = t.id) AND NOT o.public_id = ANY(?)
        ORDER BY o.id LIMIT 1`,
      [skip],
    );
    const order = rows[0];
    const items = await db()('order_items').where({ sale_id: order.sale_id }).orderBy('id');
    return { order, items };
  }

  it('the agent refunds part of one product line, and cannot refund more than the line has left', async () => {
    const { order, items } = await freshOrder();
    const line = items[0];
    const page = await h.signedIn('agent@example.com');
    page.on('dialog', (d) => d.accept());
    await page.goto(`/orders/${order.public_id}`);
    const row = `#line-${line.id}`;
    await page.click(`${row} summary`);
    await page.fill(`${row} input[name=amount]`, '1.00');
    await page.selectOption(`${row} select[name=reason]`, 'Product damaged');
    await oneMutation(page, 'POST /orders/:orderId/items/:itemId/refunds', () =>
      page.click(`${row} button:has-text("Refund line")`),
    );
    await page.waitForSelector('#flash >> text=Line: Refunded $1.00.');
    const refunds = await db()('transactions').where({ parent_id: order.sale_id, type: 'refund' });
    expect(refunds.map((r) => [r.amount_cents, r.order_item_id, r.reason])).toEqual([
      [100, line.id, 'Product damaged'],
    ]);
    const left = Number(line.price_cents) - 100;
    expect(await page.textContent(`#line-left-${line.id}`)).toContain(`$${(left / 100).toFixed(2)} on this line`);

    await page.click(`${row} summary`);
    await page.fill(`${row} input[name=amount]`, ((left + 1) / 100).toFixed(2));
    const refused = await oneMutation(page, 'POST /orders/:orderId/items/:itemId/refunds', () =>
      page.click(`${row} button:has-text("Refund line")`),
    );
    expect(refused.status()).toBe(422);
    expect(await page.textContent('.order-actions [role=alert]')).toContain(
      `Only $${(left / 100).toFixed(2)} can still be refunded on this line.`,
    );
    expect(await db()('transactions').where({ parent_id: order.sale_id, type: 'refund' })).toHaveLength(1);
    // An agent is not offered "Refunded externally" (the admin's setting is off).
    expect(await page.locator(`${row} input[name=external]`).count()).toBe(0);
    await page.context().close();
  });

  it('the admin refunds the order externally without an email and cancels it after the refund; the report counts the reasons', async () => {
    const { order } = await freshOrder([(await freshOrder()).order.public_id]);
    const page = await h.signedIn('owner@example.com');
    page.on('dialog', (d) => d.accept());
    await page.goto(`/orders/${order.public_id}`);
    await page.selectOption('#order-refund select[name=reason]', 'Duplicate charge');
    await page.check('#order-refund input[name=external]');
    await page.uncheck('#order-refund input[name=notify]');
    await page.check('#order-refund input[name=cancel]');
    // No cancellation reason chosen: the form comes back with the message and nothing is written.
    const refused = await oneMutation(page, 'POST /orders/:orderId/refunds', () =>
      page.click('#order-refund button[type=submit]'),
    );
    expect(refused.status()).toBe(422);
    expect(await page.textContent('#cancel_reason-error')).toBe('Choose a cancellation reason from the list.');
    expect(await db()('transactions').where({ parent_id: order.sale_id })).toHaveLength(0);

    await page.selectOption('#order-refund select[name=reason]', 'Duplicate charge');
    await page.check('#order-refund input[name=external]');
    await page.uncheck('#order-refund input[name=notify]');
    await page.check('#order-refund input[name=cancel]');
    await page.selectOption('#order-refund select[name=cancel_reason]', 'Too expensive');
    await oneMutation(page, 'POST /orders/:orderId/refunds', () => page.click('#order-refund button[type=submit]'));
    await page.waitForSelector('#flash >> text=Order cancelled');
    const refund = await db()('transactions').where({ parent_id: order.sale_id }).first();
    expect(refund).toMatchObject({ type: 'refund', gateway: 'external', status: 'approved', notify_customer: false });
    expect(await db()('orders').where({ id: order.id }).first()).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'Too expensive',
    });
    const mails = await db()('email_outbox').where({ customer_id: order.customer_id }).pluck('template');
    expect(mails).toContain('cancellation');
    expect(mails).not.toContain('refund');

    await page.goto('/reports/customer-service');
    expect(await page.textContent('#reasons >> tr:has-text("Duplicate charge")')).toMatch(
      /Duplicate charge\s*1\s*0\s*0/,
    );
    expect(await page.textContent('#reasons >> tr:has-text("Too expensive")')).toMatch(/Too expensive\s*0\s*0\s*1/);
    await page.context().close();
  });
});
