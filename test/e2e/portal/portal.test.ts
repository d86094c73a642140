import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

// The app's CSP allows no inline script, so axe runs as evaluated source (as in test/e2e/layout).
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { width: 390, height: 844 };

async function seriousAxe(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = (await page.evaluate(() =>
    (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe.run().then((r) => r.violations),
  )) as { id: string; impact: string }[];
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}

describe("the customer's own pages (Chromium, phone width)", () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());
  const db = () => h.t.deps.db;

  /** The agent makes a link on the profile; the emailed address, pointed at this test server. */
  async function agentSendsLink(customerId: number, purpose: string): Promise<string> {
    const page = await h.signedIn('agent@example.com');
    await page.goto(`/customers/${customerId}`);
    await page.waitForSelector('#portal-links form');
    await page.selectOption('#portal-links select[name=purpose]', purpose);
    await oneMutation(page, 'POST /customers/:id/portal-links', () =>
      page.click('#portal-links button:has-text("Make link")'),
    );
    expect(await page.textContent('#portal-link-created')).toContain('Emailed to');
    expect(await page.textContent('#portal-links tbody tr:first-child [data-state]')).toBe('sent');
    await page.context().close();
    const mail = await db()('email_outbox')
      .where({ customer_id: customerId, template: 'portal_link' })
      .orderBy('id', 'desc')
      .first();
    const url = /http:\/\/portal\.test(\/portal\/\S+)/.exec(mail.text_body)![1];
    return h.baseUrl + url;
  }

  async function onPhone(url: string): Promise<Page> {
    const context = await h.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(url);
    return page;
  }

  it('an agent sends a cancel link; on a phone the customer cancels in two clicks; subscription, history, event log and email show it', async () => {
    const tara = await db()('customers').where({ email: 'tara.trial@example.com' }).first();
    const purchase = await db()('purchases').where({ customer_id: tara.id, status: 'trial' }).orderBy('id').first();
    const url = await agentSendsLink(tara.id, 'cancel');

    const page = await onPhone(url);
    expect(await page.textContent('.portal-merchant')).toBe('Acme Vitamins');
    expect(await seriousAxe(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const sub = `#subscription-${purchase.id}`;
    await page.click(`${sub} summary:has-text("Cancel subscription")`); // click 1
    await oneMutation(
      page,
      'POST /portal/:token/subscriptions/:id/cancellation',
      () => page.click(`${sub} button:has-text("Yes, cancel it")`), // click 2
    );
    expect(await page.textContent('h1')).toBe('Your subscription is cancelled');
    expect(await page.textContent('[data-status]')).toContain('Nothing more will be charged');
    expect(await seriousAxe(page)).toEqual([]);

    expect(await db()('purchases').where({ id: purchase.id }).first()).toMatchObject({
      status: 'cancelled',
      next_bill_date: null,
      cancel_reason: 'Cancelled by the customer',
    });
    const history = await db()('history_entries').where({ customer_id: tara.id, kind: 'purchase.cancelled' }).first();
    expect(history.actor_name).toMatch(/^Tara .* \(portal link #\d+\)$/);
    expect(history.body).toContain('the customer asked on their portal');
    const event = await db()('events')
      .where({ kind: 'purchase.cancelled', subject_id: String(purchase.id) })
      .first();
    expect(event).toMatchObject({ actor_kind: 'portal_link', actor_user_id: null });
    const mail = await db()('email_outbox').where({ customer_id: tara.id, template: 'portal_cancellation' }).first();
    expect(mail).toMatchObject({ to_address: 'tara.trial@example.com' });
    expect(mail.text_body).toContain(`subscription #${purchase.id}`);
    expect((await db()('portal_links').where({ customer_id: tara.id }).first()).used_at).not.toBeNull();

    // The agent sees it too: the profile's history and the link's state.
    const agent = await h.signedIn('agent@example.com');
    await agent.goto(`/customers/${tara.id}`);
    expect(await agent.textContent('#history-list')).toContain('portal link #');
    await agent.waitForSelector('#portal-links [data-state=used]');
    await agent.context().close();
    await page.context().close();
  });

  it('on a phone the customer updates their card and address; the agent revokes the link and it stops working', async () => {
    const alice = await db()('customers').where({ email: 'alice.refundable@example.com' }).first();
    const url = await agentSendsLink(alice.id, 'portal');
    const page = await onPhone(`${url}/card`);
    expect(await seriousAxe(page)).toEqual([]);
    await page.fill('input[name=card_number]', '4242424242424242');
    await page.selectOption('select[name=exp_month]', '12');
    await page.fill('input[name=exp_year]', '2031');
    await oneMutation(page, 'POST /portal/:token/card', () => page.click('button:has-text("Save card")'));
    expect(await page.textContent('.flash')).toContain('Your new card is saved');
    const card = await db()('payment_instruments').where({ customer_id: alice.id }).orderBy('id', 'desc').first();
    expect(card).toMatchObject({ last4: '4242', exp_year: 2031 });
    const live = await db()('purchases').where({ customer_id: alice.id }).whereIn('status', ['trial', 'active']);
    for (const p of live) expect(p.payment_instrument_id).toBe(card.id);

    await page.click('a:has-text("Update address")');
    expect(await seriousAxe(page)).toEqual([]);
    await page.fill('input[name=shipping_city]', 'Springfield');
    await page.fill('input[name=shipping_address1]', '12 Elm St');
    await page.fill('input[name=shipping_postal_code]', '62701');
    await page.fill('input[name=shipping_country]', 'US');
    await oneMutation(page, 'POST /portal/:token/address', () => page.click('button:has-text("Save addresses")'));
    expect(await page.textContent('.flash')).toContain('Your addresses are saved');
    expect(await db()('customers').where({ id: alice.id }).first()).toMatchObject({ shipping_city: 'Springfield' });

    const agent = await h.signedIn('agent@example.com');
    agent.on('dialog', (d) => d.accept());
    await agent.goto(`/customers/${alice.id}`);
    await agent.waitForSelector('#portal-links [data-state=used]');
    await oneMutation(agent, 'DELETE /customers/:id/portal-links/:linkId', () =>
      agent.click('#portal-links tbody tr:first-child button:has-text("Revoke")'),
    );
    await agent.waitForSelector('#portal-links tbody tr:first-child [data-state=revoked]');
    const gone = await page.goto(url);
    expect(gone!.status()).toBe(410);
    expect(await page.textContent('[role=alert]')).toContain('withdrawn');
    await agent.context().close();
    await page.context().close();
  });

  it('the click-to-cancel page answers the same whether or not the details match, and emails a cancel link when they do', async () => {
    const rita = await db()('customers').where({ email: 'rita.recycling@example.com' }).first();
    const order = await db()('orders').where({ customer_id: rita.id }).first();
    const page = await onPhone(`${h.baseUrl}/cancel`);
    expect(await seriousAxe(page)).toEqual([]);
    await page.fill('input[name=email]', 'Rita.Recycling@example.com');
    await page.fill('input[name=order_id]', order.public_id.toLowerCase());
    await oneMutation(page, 'POST /cancel', () => page.click('button:has-text("Email me a cancel link")'));
    const answer = await page.textContent('[role=status]');
    expect(answer).toContain('If these details match');
    const mail = await db()('email_outbox').where({ customer_id: rita.id, template: 'portal_cancel_link' }).first();
    expect(mail.text_body).toMatch(/http:\/\/portal\.test\/portal\/\S{59}/);

    await page.goto(`${h.baseUrl}/cancel`);
    await page.fill('input[name=email]', 'nobody@example.com');
    await page.fill('input[name=order_id]', order.public_id);
    await page.click('button:has-text("Email me a cancel link")');
    expect(await page.textContent('[role=status]')).toBe(answer);
    await page.context().close();
  });
});
