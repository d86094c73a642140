import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('refunds, voids and their emails from the profile (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  const db = () => h.t.deps.db;
  const customer = (email: string) => db()('customers').where({ email }).first();
  const children = (saleId: number) => db()('transactions').where({ parent_id: saleId }).orderBy('id');
  const outbox = (customerId: number, template: string) =>
    db()('email_outbox').where({ customer_id: customerId, template }).orderBy('id').pluck('subject');

  it('the agent refunds $5.00 with a double click (one refund); a wrong amount and too much are refused; the email is resent', async () => {
    const alice = await customer('alice.refundable@example.com');
    const sale = await db()('transactions')
      .where({ customer_id: alice.id, type: 'sale', status: 'settled', billing_cycle: 1 })
      .first();
    const page = await h.signedIn('agent@example.com');
    page.on('dialog', (d) => d.accept()); // every refund and void asks first
    await page.goto(`/customers/${alice.id}`);
    const row = `#transaction-${sale.id}`;

    await page.click(`${row} summary`);
    await page.fill(`${row} input[name=amount]`, 'five');
    const wrong = await oneMutation(page, 'POST /transactions/:id/refunds', () =>
      page.click(`${row} button:has-text("Refund")`),
    );
    expect(wrong.status()).toBe(422);
    expect(await page.textContent('#flash .flash-error')).toBe('Enter an amount like 5.00.');
    expect(await children(sale.id)).toEqual([]);

    expect(await page.isVisible(`${row} input[name=amount]`)).toBe(true); // the refused form stays open
    await page.fill(`${row} input[name=amount]`, '5.00');
    await oneMutation(page, 'POST /transactions/:id/refunds', () => page.dblclick(`${row} button:has-text("Refund")`));
    await page.waitForSelector(`${row} [data-status=partially_refunded]`);
    expect(await page.textContent('#flash')).toContain('Refunded $5.00.');
    await page.waitForSelector('#history-list >> text=Refunded $5.00 of charge');
    expect(await page.locator(`${row} input[name=ids]`).count()).toBe(1); // still selectable for a bulk refund
    const [refund] = await children(sale.id);
    expect(await children(sale.id)).toHaveLength(1);
    expect(refund).toMatchObject({ type: 'refund', status: 'approved', amount_cents: 500 });
    expect(await outbox(alice.id, 'refund')).toEqual(['Your refund of $5.00']);

    const left = (sale.amount_cents - 500) / 100;
    await page.click(`${row} summary`);
    await page.fill(`${row} input[name=amount]`, (left + 1).toFixed(2));
    const tooMuch = await oneMutation(page, 'POST /transactions/:id/refunds', () =>
      page.click(`${row} button:has-text("Refund")`),
    );
    expect(tooMuch.status()).toBe(422);
    await page.waitForSelector('#flash >> text=can still be refunded on this charge');
    expect(await db()('transactions').where({ id: sale.id }).first()).toMatchObject({
      refunded_cents: 500,
      status: 'partially_refunded',
    });
    expect(await children(sale.id)).toHaveLength(1);

    await page.reload();
    await oneMutation(page, 'POST /transactions/:id/emails/refund', () =>
      page.click(`#transaction-${refund.id} button:has-text("Resend email")`),
    );
    await page.waitForSelector('#flash >> text=The refund email was sent again to alice.refundable@example.com.');
    expect(await outbox(alice.id, 'refund')).toEqual(['Your refund of $5.00', 'Your refund of $5.00']);
    expect(await db()('history_entries').where({ customer_id: alice.id, kind: 'email.resent' }).pluck('body')).toEqual([
      'Resent the refund email (“Your refund of $5.00”) to alice.refundable@example.com',
    ]);
    await page.context().close();
  });

  it('bulk refund: nothing selected is refused; two selected charges are refunded in full, one line each', async () => {
    const alice = await customer('alice.refundable@example.com');
    const rebills = await db()('transactions')
      .where({ customer_id: alice.id, type: 'sale', status: 'settled' })
      .whereNot({ billing_cycle: 1 })
      .orderBy('id');
    const page = await h.signedIn('agent@example.com');
    page.on('dialog', (d) => d.accept()); // every refund and void asks first
    await page.goto(`/customers/${alice.id}`);
    const refundRows = async () =>
      Number(
        (await db()('transactions').where({ customer_id: alice.id, type: 'refund' }).count({ n: '*' }).first())!.n,
      );
    const before = await refundRows();

    await oneMutation(page, 'POST /transactions/refunds', () =>
      page.click('#bulk-refund button:has-text("Refund what is left on each")'),
    );
    await page.waitForSelector('#flash .flash-error >> text=Select at least one charge to refund.');
    expect(await refundRows()).toBe(before);

    // Alice's sales: the first order and its rebills; the seed gives her at least one rebill.
    const chosen = [
      rebills[0],
      await db()('transactions').where({ customer_id: alice.id, type: 'sale', billing_cycle: 1 }).first(),
    ];
    for (const t of chosen) await page.check(`input[name=ids][value="${t.id}"]`);
    await oneMutation(page, 'POST /transactions/refunds', () =>
      page.click('#bulk-refund button:has-text("Refund what is left on each")'),
    );
    await page.waitForSelector(`#flash >> text=Charge #${chosen[1].id}:`);
    for (const t of chosen) {
      expect(await page.textContent('#flash')).toContain(`Charge #${t.id}: Refunded`);
      await page.waitForSelector(`#transaction-${t.id} [data-status=refunded]`);
      expect(await db()('transactions').where({ id: t.id }).first()).toMatchObject({
        status: 'refunded',
        refunded_cents: t.amount_cents,
      });
    }
    expect(await refundRows()).toBe(before + 2);
    await page.context().close();
  });

  it('the agent voids a pending sale after confirming; the void email is in the outbox', async () => {
    const victor = await customer('victor.voidable@example.com');
    const sale = await db()('transactions').where({ customer_id: victor.id, type: 'sale', status: 'pending' }).first();
    const page = await h.signedIn('agent@example.com');
    page.on('dialog', (d) => d.accept());
    await page.goto(`/customers/${victor.id}`);
    const row = `#transaction-${sale.id}`;
    expect(await page.locator(`${row} button:has-text("Refund")`).count()).toBe(0); // unsettled: no refund offered
    await page.click(`${row} summary`);
    await oneMutation(page, 'POST /transactions/:id/voids', () => page.click(`${row} button:has-text("Void")`));
    await page.waitForSelector(`${row} [data-status=voided]`);
    expect(await page.textContent('#flash')).toContain('Voided');
    expect(await children(sale.id)).toMatchObject([
      { type: 'void', status: 'approved', amount_cents: sale.amount_cents },
    ]);
    expect(await outbox(victor.id, 'void')).toEqual([
      `Your charge of $${(sale.amount_cents / 100).toFixed(2)} was cancelled`,
    ]);
    await page.context().close();
  });
});
