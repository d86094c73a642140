import { LIVE_PURCHASE_STATUSES } from '../../../src/subscriptions/states';
import { startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('signing in (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  it('the agent sees the dashboard figures from the database and no Admin entry', async () => {
    const page = await h.signedIn('agent@example.com');
    const customers = await h.t.deps
      .db('transactions')
      .where({ type: 'sale' })
      .whereIn('status', ['pending', 'settled', 'partially_refunded', 'refunded', 'voided'])
      .countDistinct({ n: 'customer_id' })
      .first();
    expect(await page.textContent('[data-figure=customers]')).toBe(String(customers!.n));
    const [{ n: live }] = await h.t.deps.db('purchases').whereIn('status', LIVE_PURCHASE_STATUSES).count({ n: '*' });
    expect(await page.textContent('[data-figure=active-subscriptions]')).toBe(String(live));
    const nav = await page.locator('header nav a').allTextContents();
    expect(nav).toEqual(['Dashboard', 'Customer Service', 'Refund queue']);
    expect(await page.textContent('.whoami')).toContain('Ava Agent');
    await page.context().close();
  });

  it('the admin sees the Admin entry', async () => {
    const page = await h.signedIn('owner@example.com');
    expect(await page.locator('header nav a').allTextContents()).toContain('Admin');
    await page.context().close();
  });

  it('a wrong password shows a message and stays on the login page', async () => {
    const context = await h.browser.newContext({ baseURL: h.baseUrl });
    const page = await context.newPage();
    await page.goto('/login');
    await page.fill('input[name=email]', 'agent@example.com');
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await page.waitForSelector('.flash-error');
    expect(await page.textContent('.flash-error')).toBe('Wrong email or password.');
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });
});
