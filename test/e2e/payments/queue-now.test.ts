import { formatWhen } from '../../../src/lib/time';
import { refundTransaction } from '../../../src/payments/refunds';
import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';
import { sessionUser } from '../../support/users';

describe('the refund queue by hand (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  it('the admin sees what is due and when the next ones are, and retries one item now, counted as that day’s attempt', async () => {
    const db = h.t.deps.db;
    const quinn = await db('customers').where({ email: 'quinn.queue@example.com' }).first();
    const sale = await db('transactions')
      .where({ customer_id: quinn.id, type: 'sale', status: 'settled' })
      .orderBy('id')
      .first();
    const agent = await sessionUser(db, 'agent@example.com');
    await refundTransaction(h.t.deps, agent, sale.id, {
      idempotencyKey: 'queue-now-e2e',
      reason: 'Customer request',
      amountCents: 500,
    });
    const item = await db('refund_queue')
      .where({ transaction_id: sale.id, status: 'queued' })
      .orderBy('id', 'desc')
      .first();
    const due = await db('refund_queue')
      .where({ status: 'queued' })
      .where('next_attempt_at', '<=', new Date())
      .count({ n: '*' })
      .first();

    const page = await h.signedIn('owner@example.com');
    page.on('dialog', (d) => d.accept());
    await page.goto('/refund-queue');
    expect(await page.textContent('#queue-outlook')).toContain(`${Number(due!.n)} due now; next:`);
    await oneMutation(page, 'POST /refund-queue/:id/retries', () =>
      page.click(`#queue-${item.id} button:has-text("Retry now")`),
    );
    await page.waitForSelector(`#flash >> text=Queue item #${item.id}: The gateway declined it again`);
    const after = await db('refund_queue').where({ id: item.id }).first();
    expect(after).toMatchObject({ status: 'queued', attempts: 1, in_flight_key: null });
    // Counted as today's attempt: the next one is at tomorrow's run, not today's.
    expect(after.next_attempt_at.getTime() - item.next_attempt_at.getTime()).toBeGreaterThanOrEqual(0);
    expect(await page.textContent(`#queue-${item.id} [data-next-attempt]`)).toBe(
      formatWhen(after.next_attempt_at, 'UTC'),
    );
    expect(await page.textContent(`#queue-${item.id}`)).toContain('1 of 3');
    const lines = await db('history_entries')
      .where({ customer_id: quinn.id, kind: 'refund_queue.retried_now' })
      .pluck('actor_name');
    expect(lines).toHaveLength(1);
    await page.context().close();

    const lead = await h.signedIn('lead@example.com');
    await lead.goto('/refund-queue');
    expect(await lead.locator('button:has-text("Retry now")').count()).toBe(0); // admins only
    await lead.context().close();
  });
});
