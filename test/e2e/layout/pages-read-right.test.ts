import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

// Issue 19's first four items, each seen where an agent meets it: parcels name product and option,
// an unknown gateway answer is never "declined", the report's chart reads on a month, and times
// are one line in the account's time zone.
describe('pages that read right (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());
  const db = () => h.t.deps.db;
  const alice = () => db()('customers').where({ email: 'alice.refundable@example.com' }).first();

  it('a rebill parcel stored as "3 × 30-day supply" names its product and option on the profile, order and purchase', async () => {
    const c = await alice();
    const p = await db()('purchases').where({ customer_id: c.id }).orderBy('id').first();
    const order = await db()('orders').where({ id: p.order_id }).first();
    const [f] = await db()('fulfillments')
      .insert({
        order_id: p.order_id,
        customer_id: c.id,
        purchase_id: p.id,
        reference: 'F-REBILL-C9',
        status: 'pending',
      })
      .returning('id');
    await db()('fulfillment_items').insert({
      fulfillment_id: f.id,
      product_option_id: p.product_option_id,
      name: '30-day supply',
      quantity: 3,
    });
    const page = await h.signedIn('agent@example.com');
    const items = [];
    for (const url of [`/customers/${c.id}`, `/orders/${order.public_id}`, `/purchases/${p.id}`]) {
      await page.goto(url);
      items.push(await page.textContent('tr:has-text("F-REBILL-C9") [data-items]'));
    }
    expect(items).toEqual(Array(3).fill('3 × Glow Serum — 30-day supply'));
    await page.context().close();
  });

  it('a gateway timeout on order entry reads "unknown — checking with the gateway" on the result, order, row, list and purchase', async () => {
    const c = await alice();
    const page = await h.signedIn('agent@example.com');
    await page.goto(`/orders/new?customer=${c.id}`);
    const cream = await db()('product_options').where({ sku: 'EYE-CREAM-1' }).first();
    await page.fill(`input[name="quantities[${cream.id}]"]`, '1');
    await page.selectOption('select[name=card]', 'new');
    await page.fill('input[name=new_card_number]', '4000000000000150');
    await oneMutation(page, 'POST /orders', () => page.click('button:has-text("Place order and charge")'));
    await page.waitForURL(/\/orders\/[A-Z0-9]+$/);
    const publicId = page.url().split('/').pop()!;
    const unknown = 'unknown — checking with the gateway';
    expect(await page.textContent('#flash')).toContain(`Order ${publicId}: ${unknown}.`);
    expect(await page.textContent('h1 .badge')).toBe(unknown);
    expect(await page.textContent('#transactions [data-status=errored]')).toBe(unknown);
    const said = await page.locator('#flash, h1, dl, #transactions').allTextContents();
    expect(said.join(' ').toLowerCase()).not.toMatch(/declined|approved/);
    expect(await page.textContent('dl')).toContain(`Status${unknown}`);

    // The search arrow's page: that customer's orders, each with its items and charges.
    await page.goto('/customers?name=Refundable');
    await Promise.all([page.waitForURL(/\/orders\?customer=/), page.click(`a[aria-label^="Orders of Alice"]`)]);
    expect(await page.textContent('h1')).toBe('Orders of Alice Refundable');
    const row = page.locator(`#order-${publicId}`);
    expect(await row.locator('[data-items]').textContent()).toBe('1 × Eye Cream — 15 ml');
    expect(await row.locator('.badge').allTextContents()).toEqual([unknown, unknown]);

    // A rebill whose answer is unknown, on the purchase page.
    const p = await db()('purchases').where({ customer_id: c.id }).orderBy('id').first();
    await db()('transactions').insert({
      customer_id: c.id,
      order_id: p.order_id,
      purchase_id: p.id,
      payment_instrument_id: p.payment_instrument_id,
      type: 'sale',
      status: 'sending',
      amount_cents: 6995,
      billing_cycle: 9,
      idempotency_key: 'e2e-unknown-rebill',
      gateway: 'test',
    });
    await page.goto(`/purchases/${p.id}`);
    expect(await page.textContent('tr:has-text("9") [data-status=sending]')).toBe(unknown);
    await page.context().close();
  });

  it("the report's chart on a month: thinned axis labels that do not touch, values on bars, the table as its text", async () => {
    const page = await h.signedIn('lead@example.com');
    await page.setViewportSize({ width: 1400, height: 900 });
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    await page.goto(`/reports/customer-service?from=${from}&to=${to}`);
    const boxes = await page.$$eval('svg [data-axis-label]', (ts) =>
      ts.map((t) => {
        const r = t.getBoundingClientRect();
        return { left: r.left, right: r.right, height: r.height };
      }),
    );
    expect(boxes.length).toBeGreaterThan(8);
    expect(boxes.length).toBeLessThan(31);
    for (let i = 1; i < boxes.length; i++) expect(boxes[i].left).toBeGreaterThan(boxes[i - 1].right + 4);
    expect(Math.min(...boxes.map((b) => b.height))).toBeGreaterThanOrEqual(9);
    const values = await page.$$eval('svg [data-value]', (ts) => ts.map((t) => Number(t.textContent)));
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((v) => v > 0)).toBe(true);
    const described = await page.getAttribute('figure.chart svg', 'aria-describedby');
    expect(await page.textContent(`#${described}`)).toContain('in the table “Actions per agent and day”');
    expect(await page.textContent('#report caption')).toBe('Actions per agent and day');
    await page.context().close();
  });

  it("event-log times are one line each, in the account's time zone, in the one format", async () => {
    h.t.deps.config.tz = 'America/New_York';
    try {
      const page = await h.signedIn('owner@example.com');
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.goto('/admin/events');
      expect(await page.textContent('#event-table th:first-child')).toBe('When (America/New_York)');
      const cell = page.locator('#event-table tbody tr:first-child td.when');
      const iso = (await cell.locator('time').getAttribute('datetime'))!;
      const shown = new Intl.DateTimeFormat('en-CA', {
        timeZone: 'America/New_York',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .format(new Date(iso))
        .replace(',', '');
      expect(await cell.textContent()).toBe(shown);
      const lines = await cell.evaluate((td) => {
        const t = td.querySelector('time')!;
        return Math.round(t.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(td).lineHeight));
      });
      expect(lines).toBe(1);
      await page.context().close();
    } finally {
      h.t.deps.config.tz = 'UTC';
    }
  });
});
