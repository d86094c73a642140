import type { Page } from 'playwright-core';
import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('purchase details (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  const db = () => h.t.deps.db;
  const today = () => new Date().toISOString().slice(0, 10);
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const purchaseOf = async (email: string) => {
    const c = await db()('customers').where({ email }).first();
    return db()('purchases').where({ customer_id: c.id }).orderBy('id').first();
  };
  const purchase = (id: number) => db()('purchases').where({ id }).first();
  const historyCount = async (customerId: number) =>
    Number((await db()('history_entries').where({ customer_id: customerId }).count({ n: '*' }).first())!.n);

  /** An agent on the purchase page, accepting every hx-confirm. */
  async function onPurchase(id: number): Promise<Page> {
    const page = await h.signedIn('agent@example.com');
    page.on('dialog', (d) => d.accept());
    await page.goto(`/purchases/${id}`);
    return page;
  }

  it('a trial is stopped, cancelled now, restarted and skipped; each click sends one request and the page shows the new status', async () => {
    const p = await purchaseOf('tara.trial@example.com');
    const page = await onPurchase(p.id);
    const before = await page.textContent('[data-next-bill]');

    await oneMutation(page, 'POST /purchases/:id/trial-stops', () => page.click('button:has-text("Stop trial")'));
    await page.waitForSelector('h1 [data-status=cancel_scheduled]');
    expect(await page.textContent('#flash')).toContain(`Subscription #${p.id}: trial stopped`);
    expect(await purchase(p.id)).toMatchObject({ status: 'cancel_scheduled', cancel_reason: 'Trial stopped' });

    await page.click('summary:has-text("Cancel subscription")');
    await page.check('#cancel-form input[name=mode][value=now]');
    await page.selectOption('details.cancel-order select[name=reason]', 'Too expensive');
    await oneMutation(page, 'POST /purchases/:id/cancellation', () =>
      page.click('button:has-text("Cancel subscription")'),
    );
    await page.waitForSelector('h1 [data-status=cancelled]');
    expect(await page.textContent('dl')).toContain('Too expensive');
    expect(await purchase(p.id)).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'Too expensive',
      next_bill_date: null,
    });

    await oneMutation(page, 'POST /purchases/:id/trial-restarts', () => page.click('button:has-text("Restart trial")'));
    await page.waitForSelector('h1 [data-status=trial]');
    expect(await purchase(p.id)).toMatchObject({
      status: 'trial',
      cancel_reason: null,
      billing_cycle: 1,
      trial_end: inDays(14),
    });
    expect(await page.textContent('[data-next-bill]')).toBe(inDays(14));

    await oneMutation(page, 'POST /purchases/:id/trial-skips', () => page.click('button:has-text("Skip trial")'));
    await page.waitForSelector('h1 [data-status=active]');
    expect(await page.textContent('[data-next-bill]')).toBe(today());
    expect(before).not.toBe(today());
    const kinds = await db()('history_entries')
      .where({ customer_id: p.customer_id })
      .where('kind', 'like', 'purchase.%')
      .orderBy('id')
      .pluck('kind');
    expect(kinds).toEqual([
      'purchase.stop_trial',
      'purchase.cancelled',
      'purchase.restart_trial',
      'purchase.skip_trial',
    ]);
    await page.context().close();
  });

  it('Save changes sends one PATCH and writes one history line; a billing date in the past shows the message and writes nothing', async () => {
    const p = await purchaseOf('alice.refundable@example.com');
    const page = await onPurchase(p.id);
    const lines = await historyCount(p.customer_id);

    await page.fill('#change-form input[name=quantity]', '2');
    await page.fill('#change-form input[name=unit_price]', '20.00');
    const response = await oneMutation(page, 'PATCH /purchases/:id', () =>
      page.click('#change-form button[type=submit]'),
    );
    // The form selects <main> from a full page, so htmx asks for one and the answer is a 303 (once 302s: repeated PATCHes).
    expect(response.status()).toBe(303);
    await page.waitForSelector('[data-price] >> text=$40.00');
    expect(await purchase(p.id)).toMatchObject({ quantity: 2, unit_price_cents: 2000 });
    expect(await historyCount(p.customer_id)).toBe(lines + 1);

    await page.fill('#change-form input[name=next_bill_date]', '2020-01-01');
    await page.$eval('#change-form input[name=next_bill_date]', (el) => el.removeAttribute('min'));
    const refused = await oneMutation(page, 'PATCH /purchases/:id', () =>
      page.click('#change-form button[type=submit]'),
    );
    expect(refused.status()).toBe(422);
    expect(await page.textContent('#next_bill_date-error')).toBe('The billing date cannot be in the past.');
    expect(await purchase(p.id)).toMatchObject({ quantity: 2, next_bill_date: p.next_bill_date });
    expect(await historyCount(p.customer_id)).toBe(lines + 1);
    await page.context().close();
  });

  it('pause (a restart date of today is refused), resume, then force bill with an approving card', async () => {
    const p = await purchaseOf('alice.refundable@example.com');
    const page = await onPurchase(p.id);

    await page.fill('input[name=restart_date]', today());
    const refused = await oneMutation(page, 'POST /purchases/:id/pause', () => page.click('button:has-text("Pause")'));
    expect(refused.status()).toBe(422);
    expect(await page.textContent('#restart_date-error')).toBe('The restart date must be after today.');
    expect((await purchase(p.id)).status).toBe('active');

    await page.fill('input[name=restart_date]', inDays(10));
    await oneMutation(page, 'POST /purchases/:id/pause', () => page.click('button:has-text("Pause")'));
    await page.waitForSelector('h1 [data-status=paused]');
    expect(await purchase(p.id)).toMatchObject({ status: 'paused', next_bill_date: inDays(10) });

    await oneMutation(page, 'DELETE /purchases/:id/pause', () => page.click('button:has-text("Resume now")'));
    await page.waitForSelector('h1 [data-status=active]');
    expect(await purchase(p.id)).toMatchObject({ status: 'active', next_bill_date: today() });

    const cycle = (await purchase(p.id)).billing_cycle;
    await oneMutation(page, 'POST /purchases/:id/bills', () => page.click('button:has-text("Force bill now")'));
    await page.waitForSelector('#flash .flash-success');
    const sale = await db()('transactions')
      .where({ purchase_id: p.id, billing_cycle: cycle + 1 })
      .orderBy('id', 'desc')
      .first();
    expect(sale).toMatchObject({ type: 'sale', amount_cents: 4000 });
    expect(await page.textContent('section.card:has(h2:text("Charges")) tbody tr:first-child')).toContain('$40.00');
    expect((await purchase(p.id)).billing_cycle).toBe(cycle + 1);
    await page.context().close();
  });

  it('force bill with a declining card shows the gateway reason and changes nothing', async () => {
    const p = await purchaseOf('rita.recycling@example.com');
    const page = await onPurchase(p.id);
    const refused = await oneMutation(page, 'POST /purchases/:id/bills', () =>
      page.click('button:has-text("Force bill now")'),
    );
    expect(refused.status()).toBe(422);
    await page.waitForSelector('.flash-error >> text=The card was declined: Insufficient funds.');
    expect(await purchase(p.id)).toMatchObject({ status: p.status, billing_cycle: p.billing_cycle });
    await page.context().close();
  });
});
