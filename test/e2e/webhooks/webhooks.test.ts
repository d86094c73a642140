import type { Page } from 'playwright-core';
import type { ManualClock } from '../../../src/lib/clock';
import { deliverWebhooks } from '../../../src/webhooks/deliver';
import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';
import { startReceiver } from '../../support/receiver';

describe('webhook endpoints in the admin pages (Chromium)', () => {
  let h: BrowserHarness;
  let page: Page;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    h = await startBrowserHarness();
    receiver = await startReceiver();
    page = await h.signedIn('owner@example.com');
  });
  afterAll(async () => {
    await receiver.close();
    await h.close();
  });

  const db = () => h.t.deps.db;

  it('the admin adds an endpoint, disables and enables it, and redelivers a delivery', async () => {
    await page.goto('/admin/webhooks');
    await page.fill('input[name=url]', receiver.url);
    const refused = await oneMutation(page, 'POST /admin/webhooks', () =>
      page.click('button:has-text("Add endpoint")'),
    );
    expect(refused.status()).toBe(422);
    expect(await page.textContent('#events-error')).toBe('Choose at least one event.');
    expect(await page.inputValue('input[name=url]')).toBe(receiver.url);
    expect(await db()('webhook_endpoints')).toEqual([]);

    await page.check('input[value="customer.created"]');
    await page.check('input[value="transaction.refunded"]');
    const added = await oneMutation(page, 'POST /admin/webhooks', () => page.click('button:has-text("Add endpoint")'));
    expect(added.status()).toBe(204);
    await page.waitForSelector('#flash >> text=Endpoint added.');
    const [endpoint] = await db()('webhook_endpoints');
    expect(endpoint).toMatchObject({
      url: receiver.url,
      events: ['customer.created', 'transaction.refunded'],
      enabled: true,
    });
    expect(page.url()).toMatch(new RegExp(`/admin/webhooks/${endpoint.id}$`));
    expect(await page.textContent('#secret')).toBe(endpoint.secret);

    await page.uncheck('#edit-endpoint input[name=enabled]');
    await oneMutation(page, 'PUT /admin/webhooks/:id', () => page.click('#edit-endpoint button:has-text("Save")'));
    await page.waitForSelector('#flash >> text=Endpoint saved and disabled.');
    expect(await page.textContent('#disabled-reason')).toContain('Disabled by an admin');
    expect((await db()('webhook_endpoints').first()).enabled).toBe(false);
    await page.check('#edit-endpoint input[name=enabled]');
    await oneMutation(page, 'PUT /admin/webhooks/:id', () => page.click('#edit-endpoint button:has-text("Save")'));
    await page.waitForSelector('#flash >> text=Endpoint saved.');
    expect((await db()('webhook_endpoints').first()).enabled).toBe(true);

    // An agent's new customer is delivered by the job (its clock a minute on).
    await page.goto('/customers/new');
    await page.fill('input[name=first_name]', 'Webhook');
    await page.fill('input[name=last_name]', 'Watcher');
    await page.fill('input[name=email]', 'watcher@example.com');
    await oneMutation(page, 'POST /customers', () => page.click('form button[type=submit].primary'));
    const clock = h.t.deps.clock as ManualClock;
    clock.set(new Date(Date.now() + 60_000));
    expect(await deliverWebhooks(h.t.deps)).toEqual({ delivered: 1, failed: 0 });
    const [delivery] = await db()('webhook_deliveries');

    await page.goto(`/admin/webhooks/${endpoint.id}`);
    await page.click(`#delivery-${delivery.id} summary`);
    expect(await page.textContent(`#delivery-${delivery.id}`)).toContain('200 in');
    await oneMutation(page, 'POST /admin/webhooks/:id/deliveries/:deliveryId/redelivery', () =>
      page.click(`#delivery-${delivery.id} button:has-text("Redeliver")`),
    );
    await page.waitForSelector('#flash >> text=Queued: it is sent again within a minute.');
    expect(await db()('webhook_deliveries').where({ id: delivery.id }).first()).toMatchObject({ status: 'pending' });
    expect(await deliverWebhooks(h.t.deps)).toEqual({ delivered: 1, failed: 0 });
    expect(receiver.received).toHaveLength(2);
  });
});
