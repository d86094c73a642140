import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('payment instruments on the profile (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  const customer = (email: string) => h.t.deps.db('customers').where({ email }).first();
  const cardsOf = (id: number) => h.t.deps.db('payment_instruments').where({ customer_id: id }).orderBy('id');

  it('an agent adds a card (a wrong number first), makes it the default, the old one the backup, edits and deactivates', async () => {
    const tara = await customer('tara.trial@example.com');
    const [old] = await cardsOf(tara.id);
    const page = await h.signedIn('agent@example.com');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => d.accept()); // deactivating asks first
    await page.goto(`/customers/${tara.id}`);
    await page.waitForSelector(`#card-${old.id} [data-role=default]`);
    expect(await page.locator('#fingerprint-' + old.id).textContent()).toBe(old.fingerprint);

    await page.click('#add-card summary');
    await page.fill('#add-card input[name=number]', '4111 1111');
    await page.fill('#add-card input[name=exp_month]', '13');
    await page.fill('#add-card input[name=exp_year]', '2031');
    const bad = await oneMutation(page, 'POST /customers/:id/payment-instruments', () =>
      page.click('#add-card button:has-text("Add card")'),
    );
    expect(bad.status()).toBe(422);
    expect(await page.textContent('#add-card #number-error')).toBe('Enter the card number: 12 to 19 digits.');
    expect(await page.textContent('#add-card #exp_month-error')).toBe('Use the month as a number from 1 to 12.');
    expect(await cardsOf(tara.id)).toHaveLength(1);

    await page.fill('#add-card input[name=number]', '4111 1111 1111 1111');
    await page.fill('#add-card input[name=exp_month]', '9');
    await page.fill('#add-card input[name=billing_city]', 'Salem');
    await oneMutation(page, 'POST /customers/:id/payment-instruments', () =>
      page.click('#add-card button:has-text("Add card")'),
    );
    const added = (await cardsOf(tara.id))[1];
    expect(added).toMatchObject({ last4: '1111', exp_month: 9, exp_year: 2031, role: null, billing_city: 'Salem' });
    await page.waitForSelector(`#card-${added.id} >> text=Visa •••• 1111`);
    await page.waitForSelector('#history-list >> text=Added Visa •••• 1111 (expires 9/2031)');

    await page.click(`#card-${added.id} summary`);
    await oneMutation(page, 'POST /payment-instruments/:id/default', () =>
      page.click(`#card-${added.id} button:has-text("Make default")`),
    );
    await page.waitForSelector(`#card-${added.id} [data-role=default]`);
    expect((await h.t.deps.db('payment_instruments').where({ id: added.id }).first()).role).toBe('default');
    // Her live subscription now bills the new default card.
    expect(await h.t.deps.db('purchases').where({ customer_id: tara.id }).pluck('payment_instrument_id')).toEqual([
      added.id,
    ]);
    await page.waitForSelector(
      '#history-list >> text=Visa •••• 1111 is now the default card (was Mastercard •••• 4444)',
    );

    await page.click(`#card-${old.id} summary`);
    await oneMutation(page, 'POST /payment-instruments/:id/backup', () =>
      page.click(`#card-${old.id} button:has-text("Make backup")`),
    );
    await page.waitForSelector(`#card-${old.id} [data-role=backup]`);

    await page.click(`#card-${old.id} summary`);
    await page.fill(`#card-${old.id} input[name=exp_year]`, '2020');
    const past = await oneMutation(page, 'PATCH /payment-instruments/:id/expiry', () =>
      page.click(`#card-${old.id} button:has-text("Save expiry")`),
    );
    expect(past.status()).toBe(422);
    expect(await page.textContent(`#card-${old.id} #exp_year-error`)).toBe('This expiry date has passed.');
    await page.fill(`#card-${old.id} input[name=exp_year]`, '2032');
    await oneMutation(page, 'PATCH /payment-instruments/:id/expiry', () =>
      page.click(`#card-${old.id} button:has-text("Save expiry")`),
    );
    await page.waitForSelector(`#card-${old.id} >> text=/2032`);

    await page.click(`#card-${old.id} summary`);
    await page.fill(`#card-${old.id} input[name=billing_address1]`, '12 Oak St');
    await page.fill(`#card-${old.id} input[name=billing_city]`, 'Portland');
    await page.fill(`#card-${old.id} input[name=billing_postal_code]`, '97201');
    await page.fill(`#card-${old.id} input[name=billing_country]`, 'US');
    await oneMutation(page, 'PATCH /payment-instruments/:id/billing-address', () =>
      page.click(`#card-${old.id} button:has-text("Save address")`),
    );
    await page.waitForSelector(`#card-${old.id} >> text=12 Oak St, Portland 97201, US`);

    await page.click(`#card-${old.id} summary`);
    await oneMutation(page, 'POST /payment-instruments/:id/deactivation', () =>
      page.click(`#card-${old.id} button:has-text("Deactivate")`),
    );
    await page.waitForSelector(`#card-${old.id}[data-status=deactivated]`);
    const gone = await h.t.deps.db('payment_instruments').where({ id: old.id }).first();
    expect(gone.deactivated_at).not.toBeNull();
    expect(gone.role).toBeNull();
    expect(await page.locator(`#card-${old.id} summary`).count()).toBe(0); // no actions on a deactivated card
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a cs_admin sends a payout: warned about the refundable charge, confirms it cannot be reversed', async () => {
    const alice = await customer('alice.refundable@example.com');
    const page = await h.signedIn('lead@example.com');
    page.on('dialog', (d) => d.accept());
    await page.goto(`/customers/${alice.id}`);
    await page.click('#send-payout summary');
    await page.waitForSelector('#send-payout >> text=This customer has a charge that can still be refunded');
    await page.fill('#send-payout input[name=amount]', '10.00');
    await page.fill('#send-payout input[name=description]', 'Goodwill for the late parcel');
    const refused = await oneMutation(page, 'POST /customers/:id/payouts', () =>
      page.click('#send-payout button:has-text("Send payout")'),
    );
    expect(refused.status()).toBe(422);
    expect(await page.textContent('#send-payout #irreversible-error')).toBe(
      'Tick this to confirm: a payout cannot be reversed.',
    );
    await page.check('#send-payout input[name=irreversible]');
    const warned = await oneMutation(page, 'POST /customers/:id/payouts', () =>
      page.click('#send-payout button:has-text("Send payout")'),
    );
    expect(warned.status()).toBe(422);
    expect(await page.textContent('#send-payout #not_a_refund-error')).toMatch(/can still be refunded/);
    expect(await h.t.deps.db('transactions').where({ customer_id: alice.id, type: 'credit' })).toHaveLength(0);

    await page.check('#send-payout input[name=not_a_refund]');
    await oneMutation(page, 'POST /customers/:id/payouts', () =>
      page.click('#send-payout button:has-text("Send payout")'),
    );
    await page.waitForSelector('#flash >> text=Payout of $10.00 sent.');
    const payouts = await h.t.deps.db('transactions').where({ customer_id: alice.id, type: 'credit' });
    expect(payouts).toMatchObject([{ status: 'approved', reason: 'Goodwill for the late parcel' }]);
    expect(Number(payouts[0].amount_cents)).toBe(1000);
    await page.waitForSelector(`#transaction-${payouts[0].id} >> text=approved`);
    await page.waitForSelector('#history-list >> text=Goodwill for the late parcel) sent');
    await page.context().close();
  });

  it('an agent collects a payment on the card on file, then registers a cash payment that is never voided', async () => {
    const victor = await customer('victor.voidable@example.com');
    const page = await h.signedIn('agent@example.com');
    page.on('dialog', (d) => d.accept());
    await page.goto(`/customers/${victor.id}`);
    expect(await page.locator('#send-payout').count()).toBe(0); // payouts are for cs_admins

    await page.click('#collect-payment summary');
    await page.fill('#collect-payment input[name=amount]', '12.50');
    await page.fill('#collect-payment input[name=description]', 'Express shipping upgrade');
    await oneMutation(page, 'POST /customers/:id/collections', () =>
      page.click('#collect-payment button:has-text("Collect payment")'),
    );
    await page.waitForSelector('#flash >> text=Collected $12.50 on Visa •••• 1111');
    const sale = await h.t.deps
      .db('transactions')
      .where({ customer_id: victor.id, reason: 'Express shipping upgrade' })
      .first();
    expect(sale).toMatchObject({ type: 'sale', status: 'pending', order_id: null, gateway: 'test' });
    expect(Number(sale.amount_cents)).toBe(1250);

    await page.click('#collect-payment summary');
    await page.check('#collect-payment input[value=outside]');
    await page.fill('#collect-payment input[name=amount]', '40');
    await page.fill('#collect-payment input[name=description]', 'Paid at the pop-up store');
    const missing = await oneMutation(page, 'POST /customers/:id/collections', () =>
      page.click('#collect-payment button:has-text("Collect payment")'),
    );
    expect(missing.status()).toBe(422);
    expect(await page.textContent('#collect-payment #reference-error')).toBe(
      'Enter the receipt or transfer reference.',
    );
    await page.fill('#collect-payment input[name=reference]', 'R-1042');
    await oneMutation(page, 'POST /customers/:id/collections', () =>
      page.click('#collect-payment button:has-text("Collect payment")'),
    );
    await page.waitForSelector('#flash >> text=Registered a payment made outside the gateway: $40.00 by cash');
    const cash = await h.t.deps.db('transactions').where({ customer_id: victor.id, gateway: 'external' }).first();
    expect(cash).toMatchObject({ type: 'sale', status: 'settled', gateway_reference: 'R-1042' });
    await page.waitForSelector(`#transaction-${cash.id} >> text=outside: Cash, reference R-1042`);
    // Refunded outside too (booked "refunded externally"), never voided.
    await expect(page.locator(`#transaction-${cash.id} details.actions`).textContent()).resolves.not.toMatch(/void/i);
    await page.context().close();
  });
});
