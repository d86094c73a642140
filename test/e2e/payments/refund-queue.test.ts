import { startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('the refund queue and notify emails (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  it('the admin adds a notify email and sees it listed; an invalid one shows the message', async () => {
    const page = await h.signedIn('owner@example.com');
    await page.goto('/admin/settings');
    await page.fill('#notify-emails input[name=email]', 'refund-alerts@example.com');
    await page.click('#notify-emails button:has-text("Add")');
    await page.waitForSelector('#notify-emails li >> text=refund-alerts@example.com');
    // The browser's own check is bypassed to show the server's message.
    await page.$eval('#notify-emails input[name=email]', (el) => el.setAttribute('type', 'text'));
    await page.fill('#notify-emails input[name=email]', 'nobody-at-example');
    await page.click('#notify-emails button:has-text("Add")');
    await page.waitForSelector('#notify-email-error');
    expect(await page.textContent('#notify-email-error')).toBe('Enter a valid email address, like ops@example.com.');
    expect(await h.t.deps.db('notify_emails').pluck('email')).toEqual(['refund-alerts@example.com']);
    await page.context().close();
  });

  it('a declined refund is queued: the agent is told when it will be retried, and the queue page shows it', async () => {
    const quinn = await h.t.deps.db('customers').where({ email: 'quinn.queue@example.com' }).first();
    const sale = await h.t.deps.db('transactions').where({ customer_id: quinn.id, type: 'sale', status: 'settled' }).orderBy('id').first();
    const page = await h.signedIn('agent@example.com');
    await page.goto(`/customers/${quinn.id}`);
    const row = `#transaction-${sale.id}`;
    await page.click(`${row} summary`);
    await page.fill(`${row} input[name=amount]`, '10.00');
    await page.click(`${row} button:has-text("Refund")`);
    await page.waitForSelector('#flash .flash-info');
    expect(await page.textContent('#flash')).toMatch(/Refund queued — retry 1 of 3 on \d{4}-\d{2}-\d{2} 07:00\. \$10\.00 is held meanwhile\./);
    await page.waitForSelector(`${row} >> text=held $10.00`);

    await page.click('header >> text=Refund queue');
    await page.waitForSelector('#refund-queue >> text=Quinn Queue');
    const item = await h.t.deps.db('refund_queue').where({ transaction_id: sale.id }).first();
    expect(await page.textContent(`#queue-${item.id} [data-next-attempt]`)).toBe(`${item.next_attempt_at.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
    expect(await page.textContent(`#queue-${item.id}`)).toContain('Refund not permitted by issuer');
    expect(await page.locator(`#queue-${item.id} button:has-text("Drop")`).count()).toBe(0); // agents cannot drop
    await page.context().close();
  });
});
