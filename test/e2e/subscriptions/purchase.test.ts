import { startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('purchase details (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  it('skip a trial and see the next bill date change; a billing date in the past shows the message', async () => {
    const tara = await h.t.deps.db('customers').where({ email: 'tara.trial@example.com' }).first();
    const p = await h.t.deps.db('purchases').where({ customer_id: tara.id }).first();
    const page = await h.signedIn('agent@example.com');
    page.on('dialog', (d) => d.accept());
    await page.goto(`/customers/${tara.id}/subscriptions`);
    await page.click(`#tab-panel a[href="/purchases/${p.id}"]`);
    await page.waitForSelector('h1 >> text=Subscription');
    const before = await page.textContent('[data-next-bill]');
    await page.click('button:has-text("Skip trial")');
    await page.waitForSelector('h1 [data-status=active]');
    const today = new Date().toISOString().slice(0, 10);
    expect(await page.textContent('[data-next-bill]')).toBe(today);
    expect(before).not.toBe(today);

    await page.fill('#change-form input[name=next_bill_date]', '2020-01-01');
    await page.$eval('#change-form input[name=next_bill_date]', (el) => el.removeAttribute('min'));
    await page.click('#change-form button[type=submit]');
    await page.waitForSelector('#next_bill_date-error');
    expect(await page.textContent('#next_bill_date-error')).toBe('The billing date cannot be in the past.');
    expect((await h.t.deps.db('purchases').where({ id: p.id }).first()).next_bill_date).toBe(today);
    await page.context().close();
  });

  it('force bill with a declining card shows the gateway reason and changes nothing', async () => {
    const rita = await h.t.deps.db('customers').where({ email: 'rita.recycling@example.com' }).first();
    const p = await h.t.deps.db('purchases').where({ customer_id: rita.id }).first();
    const page = await h.signedIn('agent@example.com');
    page.on('dialog', (d) => d.accept());
    await page.goto(`/purchases/${p.id}`);
    await page.click('button:has-text("Force bill now")');
    await page.waitForSelector('.flash-error >> text=The card was declined: Insufficient funds.');
    expect(await h.t.deps.db('purchases').where({ id: p.id }).first()).toMatchObject({ status: p.status, billing_cycle: p.billing_cycle });
    await page.context().close();
  });
});
