import { startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('refunds and voids from the profile (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  const customer = (email: string) => h.t.deps.db('customers').where({ email }).first();

  it('the agent refunds $5.00 of a settled sale; the row, the history and the mailbox show it; too much is refused', async () => {
    const alice = await customer('alice.refundable@example.com');
    const sale = await h.t.deps.db('transactions').where({ customer_id: alice.id, type: 'sale', status: 'settled' }).orderBy('id').first();
    const page = await h.signedIn('agent@example.com');
    await page.goto(`/customers/${alice.id}`);
    const row = `#transaction-${sale.id}`;

    await page.click(`${row} summary`);
    await page.fill(`${row} input[name=amount]`, '5.00');
    await page.click(`${row} button:has-text("Refund")`);
    await page.waitForSelector(`${row} [data-status=partially_refunded]`);
    expect(await page.textContent('#flash')).toContain('Refunded $5.00.');
    await page.waitForSelector('#history-list >> text=Refunded $5.00 of charge');

    const left = (sale.amount_cents - 500) / 100;
    await page.click(`${row} summary`);
    await page.fill(`${row} input[name=amount]`, String(left + 1));
    await page.click(`${row} button:has-text("Refund")`);
    await page.waitForSelector(`#flash >> text=can still be refunded on this charge`);
    expect(await h.t.deps.db('transactions').where({ id: sale.id }).first()).toMatchObject({ refunded_cents: 500, status: 'partially_refunded' });
    expect(await h.t.deps.db('transactions').where({ parent_id: sale.id }).count({ n: '*' }).first()).toEqual({ n: 1 });
    await page.context().close();

    const admin = await h.signedIn('owner@example.com');
    await admin.goto('/admin/mailbox');
    const mail = admin.locator('article.mail', { hasText: 'Your refund of $5.00' });
    expect(await mail.count()).toBe(1);
    expect(await mail.textContent()).toContain('alice.refundable@example.com');
    await admin.context().close();
  });

  it('the agent voids a pending sale after confirming', async () => {
    const victor = await customer('victor.voidable@example.com');
    const sale = await h.t.deps.db('transactions').where({ customer_id: victor.id, type: 'sale', status: 'pending' }).first();
    const page = await h.signedIn('agent@example.com');
    page.on('dialog', (d) => d.accept());
    await page.goto(`/customers/${victor.id}`);
    const row = `#transaction-${sale.id}`;
    expect(await page.locator(`${row} button:has-text("Refund")`).count()).toBe(0); // unsettled: no refund offered
    await page.click(`${row} summary`);
    await page.click(`${row} button:has-text("Void")`);
    await page.waitForSelector(`${row} [data-status=voided]`);
    expect(await h.t.deps.db('transactions').where({ parent_id: sale.id, type: 'void' }).first()).toMatchObject({ status: 'approved', amount_cents: sale.amount_cents });
    await page.context().close();
  });
});
