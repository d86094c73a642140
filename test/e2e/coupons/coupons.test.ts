import type { ManualClock } from '../../../src/lib/clock';
import { runRebills } from '../../../src/subscriptions/rebill';
import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

/** The rebill job bills every purchase of the demo data that is due: slow on a loaded machine. */
const REBILL_TEST_MS = 180_000;

describe('coupons (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  const db = () => h.t.deps.db;

  it('an admin creates a coupon (a percentage over 100 is refused with its message)', async () => {
    const page = await h.signedIn('owner@example.com');
    await page.goto('/admin/coupons');
    await page.fill('#coupon-form input[name=code]', 'save25');
    await page.fill('#coupon-form input[name=percent_off]', '150');
    await page.selectOption('#coupon-form select[name=duration]', 'cycles');
    await page.fill('#coupon-form input[name=cycles]', '2');
    const refused = await oneMutation(page, 'POST /admin/coupons', () =>
      page.click('#coupon-form button:has-text("Create coupon")'),
    );
    expect(refused.status()).toBe(422);
    expect(await page.textContent('#percent_off-error')).toBe('Enter a percentage from 1 to 100.');
    expect(await db()('coupons')).toEqual([]);

    await page.fill('#coupon-form input[name=percent_off]', '25');
    await oneMutation(page, 'POST /admin/coupons', () => page.click('#coupon-form button:has-text("Create coupon")'));
    await page.waitForSelector('[data-coupon=SAVE25] >> text=25% off, 2 cycles');
    expect(await db()('coupons').first()).toMatchObject({ code: 'SAVE25', percent_off: 25, cycles: 2 });
    await page.context().close();
  });

  it(
    'an agent applies it on the profile and the next two rebills are 25% lower, the third is at full price',
    async () => {
      const customer = await db()('customers').where({ email: 'tara.trial@example.com' }).first();
      const purchase = () => db()('purchases').where({ customer_id: customer.id }).first();
      const page = await h.signedIn('agent@example.com');
      await page.goto(`/customers/${customer.id}`);

      await page.click('#coupon-region summary:has-text("Apply a coupon")');
      await page.fill('#coupon-region input[name=code]', 'NOPE');
      const refused = await oneMutation(page, 'POST /customers/:id/coupon-redemptions', () =>
        page.click('#coupon-region button:has-text("Apply coupon")'),
      );
      expect(refused.status()).toBe(422);
      expect(await page.textContent('#code-error')).toBe('There is no coupon NOPE.');
      expect(await db()('coupon_redemptions')).toEqual([]);

      await page.fill('#coupon-region input[name=code]', 'save25');
      await oneMutation(page, 'POST /customers/:id/coupon-redemptions', () =>
        page.click('#coupon-region button:has-text("Apply coupon")'),
      );
      await page.waitForSelector('#coupon-redemptions >> text=SAVE25');
      await page.waitForSelector(`#history-list >> text=Redeemed coupon SAVE25 (25% off, 2 cycles) on subscription`);

      const charged: { amount: number; discount: number; price: number }[] = [];
      for (let run = 0; run < 3; run++) {
        const p = await purchase();
        const price = p.quantity * (p.next_price_cents ?? p.unit_price_cents);
        (h.t.deps.clock as ManualClock).set(new Date(`${p.next_bill_date}T12:00:00Z`));
        await runRebills(h.t.deps, { ignoreTime: true });
        const sale = await db()('transactions')
          .where({ purchase_id: p.id, billing_cycle: p.billing_cycle + 1 })
          .first();
        charged.push({ amount: Number(sale.amount_cents), discount: Number(sale.discount_cents), price });
      }
      for (const [i, c] of charged.entries()) {
        const off = i < 2 ? Math.floor(c.price / 4) : 0;
        expect(c).toEqual({ amount: c.price - off, discount: off, price: c.price });
      }
      expect(charged[0].discount).toBeGreaterThan(0);

      await page.reload();
      await page.waitForSelector('#coupon-redemptions >> text=2 cycles lowered');
      await page.waitForSelector('#coupon-redemptions .badge >> text=used up');
      await page.context().close();
    },
    REBILL_TEST_MS,
  );

  it(
    'an agent removes a coupon from the profile; the next rebill is at full price',
    async () => {
      const customer = await db()('customers').where({ email: 'alice.refundable@example.com' }).first();
      const p = await db()('purchases').where({ customer_id: customer.id, status: 'active' }).first();
      const coupon = await db()('coupons').first();
      await db()('coupon_redemptions').insert({ coupon_id: coupon.id, customer_id: customer.id, purchase_id: p.id });
      const page = await h.signedIn('agent@example.com');
      page.on('dialog', (d) => d.accept());
      await page.goto(`/customers/${customer.id}`);
      await oneMutation(page, 'DELETE /coupon-redemptions/:id', () =>
        page.click('#coupon-redemptions button:has-text("Remove")'),
      );
      await page.waitForSelector('#coupon-redemptions .badge >> text=removed');
      await page.waitForSelector(`#history-list >> text=Removed coupon SAVE25 from subscription #${p.id}`);
      expect(await page.locator('#coupon-redemptions button').count()).toBe(0);

      (h.t.deps.clock as ManualClock).set(new Date(`${p.next_bill_date}T12:00:00Z`));
      await runRebills(h.t.deps, { ignoreTime: true });
      const sale = await db()('transactions')
        .where({ purchase_id: p.id, billing_cycle: p.billing_cycle + 1 })
        .first();
      expect(sale).toMatchObject({ amount_cents: p.quantity * p.unit_price_cents, discount_cents: 0 });
      await page.context().close();
    },
    REBILL_TEST_MS,
  );
});
