import { startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('order entry and the blocklist (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  async function placeOrder(page: import('playwright-core').Page, customerId: number) {
    await page.goto(`/customers/${customerId}`);
    await page.click('text=Create New Order');
    const cream = await h.t.deps.db('product_options').where({ sku: 'EYE-CREAM-1' }).first();
    await page.fill(`input[name="quantities[${cream.id}]"]`, '1');
    await page.selectOption('select[name=card]', 'new');
    await page.fill('input[name=new_card_number]', '4111111111111111');
    await Promise.all([page.waitForURL(/\/orders\/[A-Z0-9]+$/), page.click('button:has-text("Place order and charge")')]);
    return page.url().split('/').pop()!;
  }

  it('the agent creates a new order for a customer and finds it on the profile', async () => {
    const sam = await h.t.deps.db('customers').where({ email: 'sam.shipped@example.com' }).first();
    const page = await h.signedIn('agent@example.com');
    const publicId = await placeOrder(page, sam.id);
    expect(await page.textContent('#flash')).toContain(`Order ${publicId} placed and charged.`);
    await page.goto(`/customers/${sam.id}`);
    await page.waitForSelector(`#tab-panel >> text=${publicId}`);
    await page.context().close();
  });

  it('the agent cannot blacklist; the cs_admin does; a new order for that customer is blocked with the reason; the admin sees both in the event log', async () => {
    const larry = await h.t.deps.db('customers').where({ email: 'larry.lead@example.com' }).first();
    const agent = await h.signedIn('agent@example.com');
    await agent.goto(`/customers/${larry.id}`);
    expect(await agent.locator('text=Blacklist customer').count()).toBe(0);
    const forged = await agent.evaluate(async (id) => {
      const token = JSON.parse(document.body.getAttribute('hx-headers:inherited')!)['X-CSRF-Token'];
      const r = await fetch(`/customers/${id}/blacklisting`, { method: 'POST', headers: { 'X-CSRF-Token': token, 'Content-Type': 'application/x-www-form-urlencoded', 'HX-Request': 'true' }, body: 'reason=forged' });
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

    await placeOrder(agent, larry.id);
    expect(await agent.textContent('.flash-error')).toContain('blocked by the blocklist — email larry.lead@example.com (Chargeback abuse)');

    const admin = await h.signedIn('owner@example.com');
    await admin.goto('/admin/events');
    await admin.waitForSelector('#event-table >> text=customer.blacklisted');
    await admin.waitForSelector('#event-table >> text=order.declined');
    for (const p of [agent, lead, admin]) await p.context().close();
  });
});
