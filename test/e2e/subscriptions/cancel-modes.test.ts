import type { Page } from 'playwright-core';
import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('cancel and pause modes on the purchase page (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  const db = () => h.t.deps.db;
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  /** A demo purchase that is running (active) with a bill date ahead, not touched by another test here. */
  const activePurchase = async (skip: number[] = []) =>
    db()('purchases')
      .where({ status: 'active' })
      .whereNotIn('id', skip)
      .whereNotNull('next_bill_date')
      .orderBy('id')
      .first();
  const purchase = (id: number) => db()('purchases').where({ id }).first();

  async function onPurchase(id: number): Promise<Page> {
    const page = await h.signedIn('agent@example.com');
    page.on('dialog', (d) => d.accept());
    await page.goto(`/purchases/${id}`);
    return page;
  }

  it('the agent schedules a cancellation on a date (a date in the past is refused), sees it on the page and undoes it', async () => {
    const p = await activePurchase();
    const page = await onPurchase(p.id);
    await page.click('summary:has-text("Cancel subscription")');
    await page.check('#cancel-form input[name=mode][value=on_date]');
    // The browser's own check (min = today) is bypassed to show the server's message.
    await page.$eval('#cancel-form input[name=date]', (el) => el.removeAttribute('min'));
    await page.fill('#cancel-form input[name=date]', inDays(-1));
    await page.selectOption('#cancel-form select[name=reason]', 'Too expensive');
    const refused = await oneMutation(page, 'POST /purchases/:id/cancellation', () =>
      page.click('#cancel-form button[type=submit]'),
    );
    expect(refused.status()).toBe(422);
    expect(await page.textContent('#date-error')).toBe('The cancellation date cannot be in the past.');
    expect(await db()('purchase_schedules').where({ purchase_id: p.id })).toHaveLength(0);

    await page.check('#cancel-form input[name=mode][value=on_date]');
    await page.fill('#cancel-form input[name=date]', inDays(40));
    await page.selectOption('#cancel-form select[name=reason]', 'Too expensive');
    await oneMutation(page, 'POST /purchases/:id/cancellation', () => page.click('#cancel-form button[type=submit]'));
    await page.waitForSelector('#scheduled');
    expect(await page.textContent('[data-schedule]')).toBe(
      `Cancels on ${inDays(40)}, nothing more is billed — Too expensive`,
    );
    expect(await purchase(p.id)).toMatchObject({ status: 'cancel_scheduled', next_bill_date: inDays(40) });
    expect(await page.locator('#cancel-form').count()).toBe(0); // one change at a time: undo it first

    await oneMutation(page, 'DELETE /purchases/:id/schedule', () => page.click('#scheduled button:has-text("Undo")'));
    await page.waitForSelector('#flash >> text=undid the scheduled cancellation');
    expect(await page.locator('#scheduled').count()).toBe(0);
    expect(await purchase(p.id)).toMatchObject({
      status: 'active',
      next_bill_date: p.next_bill_date,
      cancel_reason: null,
    });
    const kinds = await db()('history_entries')
      .where({ customer_id: p.customer_id })
      .whereIn('kind', ['purchase.cancel_scheduled', 'purchase.cancel_unscheduled'])
      .pluck('kind');
    expect(kinds.sort()).toEqual(['purchase.cancel_scheduled', 'purchase.cancel_unscheduled']);
    await page.context().close();
  });

  it('the agent schedules a pause before the next billing, then cancels now with the last billing refunded', async () => {
    const first = await activePurchase();
    const p = await activePurchase([first.id]);
    const page = await onPurchase(p.id);
    await page.selectOption('#pause-form select[name=mode]', 'before_next_billing');
    await page.fill('#pause-form input[name=restart_date]', inDays(60));
    await oneMutation(page, 'POST /purchases/:id/pause', () => page.click('#pause-form button:has-text("Pause")'));
    await page.waitForSelector('#scheduled');
    expect(await page.textContent('[data-schedule]')).toBe(
      `Pauses before the next billing (${p.next_bill_date}) and bills again on ${inDays(60)}`,
    );
    expect(await purchase(p.id)).toMatchObject({ status: 'active' });
    await oneMutation(page, 'DELETE /purchases/:id/schedule', () => page.click('#scheduled button:has-text("Undo")'));
    await page.waitForSelector('#pause-form');

    const sale = await db()('transactions')
      .where({ purchase_id: p.id, type: 'sale' })
      .whereIn('status', ['settled', 'pending', 'partially_refunded'])
      .orderBy('id', 'desc')
      .first();
    await page.click('summary:has-text("Cancel subscription")');
    await page.check('#cancel-form input[name=mode][value=now]');
    await page.selectOption('#cancel-form select[name=reason]', 'Did not like product');
    await page.check('#cancel-form input[name=refund_last]');
    await page.selectOption('#cancel-form select[name=refund_reason]', 'Customer request');
    await oneMutation(page, 'POST /purchases/:id/cancellation', () => page.click('#cancel-form button[type=submit]'));
    await page.waitForSelector('h1 [data-status=cancelled]');
    expect(await page.textContent('#flash')).toContain(`Last billing (charge #${sale.id})`);
    const back = await db()('transactions').where({ parent_id: sale.id }).first();
    // Through the single refund path: refunded, or queued when this demo card's issuer refuses refunds.
    expect(back).toMatchObject({ type: 'refund', reason: 'Customer request', amount_cents: sale.amount_cents });
    expect(await purchase(p.id)).toMatchObject({ status: 'cancelled', cancel_reason: 'Did not like product' });
    await page.context().close();
  });
});
