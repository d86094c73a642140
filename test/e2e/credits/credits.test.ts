import type { ManualClock } from '../../../src/lib/clock';
import { runRebills } from '../../../src/subscriptions/rebill';
import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

/** The rebill job bills every purchase of the demo data that is due: slow on a loaded machine. */
const REBILL_TEST_MS = 180_000;

describe('store credit from the profile (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  const db = () => h.t.deps.db;
  const alice = () => db()('customers').where({ email: 'alice.refundable@example.com' }).first();

  it(
    'a cs_admin gives $10.00 credit (a bad amount is refused with its message) and the next rebill uses it before the card',
    async () => {
      const customer = await alice();
      const purchase = await db()('purchases').where({ customer_id: customer.id, status: 'active' }).first();
      const page = await h.signedIn('lead@example.com');
      page.on('dialog', (d) => d.accept());
      await page.goto(`/customers/${customer.id}`);
      expect(await page.textContent('[data-credit-balance]')).toBe('$0.00');

      await page.click('#credit-region summary:has-text("Give credit")');
      await page.fill('#credit-region input[name=amount_cents]', '-5');
      const refused = await oneMutation(page, 'POST /customers/:id/credit-memos', () =>
        page.click('#credit-region button:has-text("Give credit")'),
      );
      expect(refused.status()).toBe(422);
      expect(await page.textContent('#amount_cents-error')).toBe('Enter an amount like 10.00 (at least one cent).');
      expect(await db()('credit_memos').where({ customer_id: customer.id })).toEqual([]);

      await page.fill('#credit-region input[name=amount_cents]', '10.00');
      await page.selectOption('#credit-region select[name=reason]', 'Instead of a refund');
      const given = await oneMutation(page, 'POST /customers/:id/credit-memos', () =>
        page.dblclick('#credit-region button:has-text("Give credit")'),
      );
      expect(given.status()).toBe(200);
      await page.waitForSelector('[data-credit-balance] >> text=$10.00');
      await page.waitForSelector('#history-list >> text=Gave $10.00 store credit');
      const [memo] = await db()('credit_memos').where({ customer_id: customer.id });
      expect(memo).toMatchObject({ amount_cents: 1000, currency: 'USD', reason: 'Instead of a refund' });

      // The rebill job on the purchase's bill date: the credit pays $10.00, the card the rest.
      const price = purchase.quantity * purchase.unit_price_cents;
      (h.t.deps.clock as ManualClock).set(new Date(`${purchase.next_bill_date}T12:00:00Z`));
      await runRebills(h.t.deps, { ignoreTime: true });
      const sale = await db()('transactions')
        .where({ purchase_id: purchase.id, billing_cycle: purchase.billing_cycle + 1 })
        .first();
      expect(sale).toMatchObject({ status: 'pending', amount_cents: price - 1000, credit_used_cents: 1000 });
      expect(await db()('credit_uses').where({ credit_memo_id: memo.id })).toMatchObject([
        { amount_cents: 1000, transaction_id: sale.id, returned_at: null },
      ]);

      await page.reload();
      expect(await page.textContent('[data-credit-balance]')).toBe('$0.00');
      expect(await page.textContent(`#credit-memo-${memo.id} [data-left]`)).toBe('$0.00');
      expect(await page.textContent(`#transaction-${sale.id} [data-credit-used]`)).toBe('$10.00 from credit');
      await page.context().close();
    },
    REBILL_TEST_MS,
  );

  it('a cs_admin voids what is left of a memo; an agent sees the balance but no give or void', async () => {
    const customer = await alice();
    const page = await h.signedIn('lead@example.com');
    page.on('dialog', (d) => d.accept());
    await page.goto(`/customers/${customer.id}`);
    await page.click('#credit-region summary:has-text("Give credit")');
    await page.fill('#credit-region input[name=amount_cents]', '7.50');
    await oneMutation(page, 'POST /customers/:id/credit-memos', () =>
      page.click('#credit-region button:has-text("Give credit")'),
    );
    await page.waitForSelector('[data-credit-balance] >> text=$7.50');
    const memo = await db()('credit_memos').where({ customer_id: customer.id }).orderBy('id', 'desc').first();

    await page.click(`#credit-memo-${memo.id} summary:has-text("Void")`);
    const refused = await oneMutation(page, 'POST /credit-memos/:id/void', () =>
      page.click(`#credit-memo-${memo.id} button:has-text("Void what is left")`),
    );
    expect(refused.status()).toBe(422);
    expect(await page.textContent(`#void_${memo.id}-error`)).toBe('Say why the credit is voided.');
    expect((await db()('credit_memos').where({ id: memo.id }).first()).voided_at).toBeNull();

    await page.fill(`#credit-memo-${memo.id} input[name=void_reason]`, 'Given by mistake');
    await oneMutation(page, 'POST /credit-memos/:id/void', () =>
      page.click(`#credit-memo-${memo.id} button:has-text("Void what is left")`),
    );
    await page.waitForSelector(`#credit-memo-${memo.id} >> text=voided`);
    expect(await page.textContent('[data-credit-balance]')).toBe('$0.00');
    await page.waitForSelector('#history-list >> text=balance $7.50 → $0.00');
    expect(await db()('credit_memos').where({ id: memo.id }).first()).toMatchObject({
      void_reason: 'Given by mistake',
    });
    await page.context().close();

    const agent = await h.signedIn('agent@example.com');
    await agent.goto(`/customers/${customer.id}`);
    expect(await agent.textContent('[data-credit-balance]')).toBe('$0.00');
    expect(await agent.locator('#credit-region summary').count()).toBe(0);
    await agent.context().close();
  });
});
