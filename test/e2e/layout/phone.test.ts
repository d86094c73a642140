import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startBrowserHarness, type BrowserHarness } from '../../support/browser';
import { TEST_ROOT } from '../../support/paths';

// The app's CSP allows no inline script, so axe runs as evaluated source, not as a <script> tag.
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1400, height: 900 };
// SCREENSHOTS=1 npm run test:e2e -- test/e2e/layout: PNGs of every page at both widths, to look at.
const SHOTS = process.env.SCREENSHOTS ? path.join(TEST_ROOT, 'screenshots') : null;

interface Violation {
  id: string;
  impact: string;
  nodes: { target: string[] }[];
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = (await page.evaluate(() =>
    (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe.run().then((r) => r.violations),
  )) as Violation[];
  return violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
}

describe('every main page at phone width and on a desk (Chromium)', () => {
  let h: BrowserHarness;
  let pages: [string, string][];
  beforeAll(async () => {
    h = await startBrowserHarness();
    const db = h.t.deps.db;
    const alice = await db('customers').where({ email: 'alice.refundable@example.com' }).first();
    const order = await db('orders').where({ customer_id: alice.id }).first();
    const purchase = await db('purchases').where({ customer_id: alice.id }).first();
    const declined = await db('orders').where({ status: 'declined' }).first();
    pages = [
      ['dashboard', '/'],
      ['search', '/customers?name=smith'],
      ['profile', `/customers/${alice.id}`],
      ['order', `/orders/${order.public_id}`],
      ['purchase', `/purchases/${purchase.id}`],
      ['orders', `/orders?customer=${alice.id}`],
      ['declined-order', `/orders/${declined.public_id}`],
      ['report', '/reports/customer-service'],
      ['events', '/admin/events'],
      ['refund-queue', '/refund-queue'],
      ['users', '/admin/users'],
      ['blocklist', '/admin/blocklist'],
      ['products', '/admin/products'],
    ];
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(() => h.close());

  it.each([
    ['phone', PHONE],
    ['desk', DESK],
  ])(
    'at %s width: no sideways page scroll and no axe finding of any impact',
    async (_label, viewport) => {
      const page = await h.signedIn('owner@example.com');
      await page.setViewportSize(viewport);
      const found: Record<string, { fits: true | number; axe: string[] }> = {};
      for (const [name, url] of pages) {
        await page.goto(url);
        if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}-${viewport.width}.png`), fullPage: true });
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        found[name] = { fits: width <= viewport.width || width, axe: await axeViolations(page) };
      }
      expect(found).toEqual(Object.fromEntries(pages.map(([name]) => [name, { fits: true, axe: [] }])));
      await page.context().close();
    },
    240_000,
  ); // thirteen pages, each with a full axe run

  it('at phone width the links sit behind a Menu button that opens and closes (Esc too)', async () => {
    const page = await h.signedIn('agent@example.com');
    await page.setViewportSize(PHONE);
    await page.goto('/');
    const link = page.locator('nav[aria-label=Main] a', { hasText: 'Customer Service' });
    const signOut = page.locator('button', { hasText: 'Sign out' });
    expect([await link.isVisible(), await signOut.isVisible()]).toEqual([false, false]);
    await page.click('button.menu-toggle');
    expect(await page.getAttribute('button.menu-toggle', 'aria-expanded')).toBe('true');
    expect([await link.isVisible(), await signOut.isVisible()]).toEqual([true, true]);
    await page.keyboard.press('Escape');
    expect([await link.isVisible(), await page.evaluate(() => document.activeElement?.className)]).toEqual([
      false,
      'menu-toggle',
    ]);
    await page.click('button.menu-toggle');
    await Promise.all([page.waitForURL(/\/customers$/), link.click()]);
    await page.context().close();
  });

  it('an Actions menu opens by tap, closes with Esc (focus back on it) and by a tap outside', async () => {
    const page = await h.signedIn('agent@example.com');
    await page.setViewportSize(PHONE);
    const alice = await h.t.deps.db('customers').where({ email: 'alice.refundable@example.com' }).first();
    await page.goto(`/customers/${alice.id}`);
    const menu = page.locator('#transactions details.actions').first();
    await menu.locator('summary').click();
    expect(await menu.evaluate((d: HTMLDetailsElement) => d.open)).toBe(true);
    await menu.locator('input[name=amount]').focus();
    await page.keyboard.press('Escape');
    expect(
      await menu.evaluate((d: HTMLDetailsElement) => [d.open, document.activeElement === d.querySelector('summary')]),
    ).toEqual([false, true]);
    await menu.locator('summary').click();
    await page.click('h1');
    expect(await menu.evaluate((d: HTMLDetailsElement) => d.open)).toBe(false);
    await page.context().close();
  });

  it('a pencil moves the focus into its form, and Cancel or Save brings it back to the pencil', async () => {
    const page = await h.signedIn('agent@example.com');
    const alice = await h.t.deps.db('customers').where({ email: 'alice.refundable@example.com' }).first();
    await page.goto(`/customers/${alice.id}`);
    const focused = () =>
      page.evaluate(
        () => document.activeElement?.getAttribute('name') ?? document.activeElement?.getAttribute('aria-label'),
      );
    await page.click('#block-contact button.icon');
    await page.waitForSelector('#block-contact form');
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'first_name');
    await page.click('#block-contact button:has-text("Cancel")');
    await page.waitForSelector('#block-contact button.icon');
    await page.waitForFunction(() => document.activeElement?.matches('#block-contact button.icon'));
    expect(await focused()).toBe('Edit contact');

    await page.click('#block-billing button.icon');
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'billing_address1');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.matches('#block-billing button.icon'));
    expect(await focused()).toBe('Edit billing address');
    await page.context().close();
  });
});
