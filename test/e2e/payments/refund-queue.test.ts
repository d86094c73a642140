import { formatWhen } from '../../../src/lib/time';
import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

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
    const sale = await h.t.deps
      .db('transactions')
      .where({ customer_id: quinn.id, type: 'sale', status: 'settled' })
      .orderBy('id')
      .first();
    const page = await h.signedIn('agent@example.com');
    page.on('dialog', (d) => d.accept()); // a refund asks first
    await page.goto(`/customers/${quinn.id}`);
    const row = `#transaction-${sale.id}`;
    await page.click(`${row} summary`);
    await page.fill(`${row} input[name=amount]`, '10.00');
    await oneMutation(page, 'POST /transactions/:id/refunds', () => page.click(`${row} button:has-text("Refund")`));
    await page.waitForSelector('#flash .flash-info');
    expect(await page.textContent('#flash')).toMatch(
      /Refund queued — retry 1 of 3 on \d{4}-\d{2}-\d{2} 07:00\. \$10\.00 is held meanwhile\./,
    );
    await page.waitForSelector(`${row} >> text=held $10.00`);

    await page.click('header >> text=Refund queue');
    await page.waitForSelector('#refund-queue >> text=Quinn Queue');
    const item = await h.t.deps.db('refund_queue').where({ transaction_id: sale.id }).first();
    // The one time format, in the account's zone (UTC here), which the column header names.
    expect(await page.textContent(`#queue-${item.id} [data-next-attempt]`)).toBe(
      formatWhen(item.next_attempt_at, 'UTC'),
    );
    expect(await page.textContent('#refund-queue th:has-text("Next attempt")')).toBe('Next attempt (UTC)');
    expect(await page.textContent(`#queue-${item.id}`)).toContain('Refund not permitted by issuer');
    expect(await page.locator(`#queue-${item.id} button:has-text("Drop")`).count()).toBe(0); // agents cannot drop
    await page.context().close();
  });

  it('when the retry is due the admin runs the queue now (still declined: retry 2 next); the cs_admin then drops it and the amount is released', async () => {
    const quinn = await h.t.deps.db('customers').where({ email: 'quinn.queue@example.com' }).first();
    const item = await h.t.deps.db('refund_queue').where({ customer_id: quinn.id, status: 'queued' }).first();
    // The retry time has come (the job would run it at 07:00).
    await h.t.deps
      .db('refund_queue')
      .where({ id: item.id })
      .update({ next_attempt_at: new Date(Date.now() - 60_000) });

    const admin = await h.signedIn('owner@example.com');
    await admin.goto('/refund-queue');
    await oneMutation(admin, 'POST /refund-queue/runs', () => admin.click('button:has-text("Run now")'));
    await admin.waitForSelector(
      '#flash >> text=Refund queue run: 1 attempted, 0 refunded, 1 to retry later, 0 failed.',
    );
    const retried = await h.t.deps.db('refund_queue').where({ id: item.id }).first();
    expect(retried).toMatchObject({ status: 'queued', attempts: 1 });
    expect(retried.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
    expect(await admin.textContent(`#queue-${item.id}`)).toContain('1 of 3');
    await admin.context().close();

    const lead = await h.signedIn('lead@example.com');
    lead.on('dialog', (d) => d.accept());
    await lead.goto('/refund-queue');
    expect(await lead.locator('button:has-text("Run now")').count()).toBe(0); // only admins run the queue by hand
    await oneMutation(lead, 'DELETE /refund-queue/:id', () => lead.click(`#queue-${item.id} button:has-text("Drop")`));
    await lead.waitForSelector(`#queue-${item.id} [data-status=dropped]`);
    expect(await lead.textContent('#flash')).toContain(
      'The refund was dropped from the queue; the amount is no longer held.',
    );
    expect(await h.t.deps.db('refund_queue').where({ id: item.id }).first()).toMatchObject({
      status: 'dropped',
      next_attempt_at: null,
    });
    expect((await h.t.deps.db('transactions').where({ id: item.transaction_id }).first()).queued_cents).toBe(0);
    expect(
      await h.t.deps
        .db('history_entries')
        .where({ customer_id: quinn.id, kind: 'refund_queue.dropped' })
        .pluck('actor_name'),
    ).toHaveLength(1);
    await lead.context().close();
  });
});
