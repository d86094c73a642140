import { placeOrder } from '../../../src/orders/entry';
import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';
import { sessionUser } from '../../support/users';

describe('the QA queue (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
    await db()('settings').update({ qa_sample_percent: 100 });
  });
  afterAll(() => h.close());
  const db = () => h.t.deps.db;

  /** A new order for a new customer, held by the 100 % random check. */
  async function held(name: string) {
    const option = await db()('product_options as o')
      .join('products as p', 'p.id', 'o.product_id')
      .where('p.kind', 'continuity')
      .first('o.id');
    const [c] = await db()('customers')
      .insert({ first_name: name, last_name: 'Check', email: `${name.toLowerCase()}.check@example.com` })
      .returning('id');
    const placed = await placeOrder(h.t.deps, await sessionUser(db(), 'agent@example.com'), {
      customerId: c.id,
      lines: [{ optionId: option.id, quantity: 1 }],
      shippingCents: 0,
      payment: { kind: 'card', number: '4111111111111111' },
      idempotencyKey: `e2e-qa-${name}`,
    });
    const order = await db()('orders').where({ public_id: placed.publicId! }).first();
    return { order, review: await db()('qa_reviews').where({ order_id: order.id }).first() };
  }

  it('a CS admin approves one order and denies another with a reason, each in one click', async () => {
    const approved = await held('Abby');
    const denied = await held('Dora');
    const page = await h.signedIn('lead@example.com');
    page.on('dialog', (d) => d.accept());
    await page.goto('/');
    await page.click('a.figure[href="/qa"]');
    await page.waitForSelector(`#review-${approved.review.id} >> text=Random check`);

    await oneMutation(page, 'POST /qa/:id/approvals', () =>
      page.click(`#review-${approved.review.id} button:has-text("Approve")`),
    );
    await page.waitForSelector(`#flash >> text=Order ${approved.order.public_id} approved; 1 parcel(s) released.`);
    expect(await page.locator(`#review-${approved.review.id}`).count()).toBe(0);
    expect(await db()('fulfillments').where({ order_id: approved.order.id }).pluck('status')).toEqual(['pending']);

    const row = `#review-${denied.review.id}`;
    const refused = await oneMutation(page, 'POST /qa/:id/denials', () => page.click(`${row} button:has-text("Deny")`));
    expect(refused.status()).toBe(422);
    await page.waitForSelector(`${row} >> text=Choose a reason from the list.`);
    expect(await db()('qa_reviews').where({ id: denied.review.id }).first()).toMatchObject({ state: 'pending' });
    await page.selectOption(`${row} select[name=reason]`, { index: 1 });
    await oneMutation(page, 'POST /qa/:id/denials', () => page.click(`${row} button:has-text("Deny")`));
    await page.waitForSelector(`#flash >> text=Order ${denied.order.public_id} denied and cancelled.`);
    expect(await db()('orders').where({ id: denied.order.id }).first()).toMatchObject({ status: 'cancelled' });
    expect(
      await db()('transactions').where({ order_id: denied.order.id, type: 'void', status: 'approved' }),
    ).toHaveLength(1);
    await page.goto(`/orders/${denied.order.public_id}`);
    await page.waitForSelector('[data-qa-review] >> text=Denied in QA by Leo Lead');

    await page.setViewportSize({ width: 390, height: 800 });
    await held('Nora');
    await page.goto('/qa');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(
      0,
    );
    await page.context().close();
  });
});
