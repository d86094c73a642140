import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('the product catalogue (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  it('the admin adds a continuity product, gives it a second option, retires it and puts it back on sale', async () => {
    const db = h.t.deps.db;
    const page = await h.signedIn('owner@example.com');
    await page.goto('/admin/products');
    const form = 'form[action="/admin/products"]';
    const products = () => db('products').orderBy('id');
    const before = await products();

    await page.selectOption(`${form} select[name=kind]`, 'continuity');
    await page.fill(`${form} input[name=name]`, 'Night Balm');
    await page.fill(`${form} input[name=sku]`, 'night-balm');
    await page.fill(`${form} input[name=option_name]`, '30-day supply');
    await page.fill(`${form} input[name=trial_price]`, '4.95');
    await page.fill(`${form} input[name=trial_days]`, '14');
    await page.fill(`${form} input[name=rebill_price]`, '49.95');
    expect(
      (await oneMutation(page, 'POST /admin/products', () => page.click('button:has-text("Add product")'))).status(),
    ).toBe(422);
    expect(await page.textContent('#cycle_days-error')).toBe('A continuity product needs its cycle in days.');
    expect(await page.inputValue(`${form} input[name=rebill_price]`)).toBe('49.95');
    expect(await products()).toEqual(before);

    await page.fill(`${form} input[name=cycle_days]`, '30');
    expect(
      (await oneMutation(page, 'POST /admin/products', () => page.click('button:has-text("Add product")'))).status(),
    ).toBe(303);
    await page.waitForSelector('#flash >> text=Night Balm is on sale.');
    const balm = await db('products').where({ sku: 'NIGHT-BALM' }).first();
    expect(balm).toMatchObject({ name: 'Night Balm', kind: 'continuity', active: true });
    expect(await db('product_options').where({ product_id: balm.id })).toEqual([
      expect.objectContaining({
        sku: 'NIGHT-BALM-1',
        name: '30-day supply',
        trial_price_cents: 495,
        trial_days: 14,
        rebill_price_cents: 4995,
        cycle_days: 30,
        final_cycle: null,
      }),
    ]);
    const row = page.locator('#products tr', { hasText: 'NIGHT-BALM' });
    expect(await row.textContent()).toContain('$4.95 for a 14-day trial, then $49.95 every 30 days');
    expect(await db('events').where({ kind: 'product.created' }).orderBy('id', 'desc').first()).toMatchObject({
      actor_name: 'Olivia Owner',
      summary: 'Created the product Night Balm (NIGHT-BALM)',
    });

    // A second option: a price typed wrongly is refused above the form; then it is added.
    const optionForm = `form[action="/admin/products/${balm.id}/options"]`;
    await page.click(`summary:has-text("Add an option to Night Balm")`);
    await page.fill(`${optionForm} input[name=option_name]`, '90-day supply');
    await page.fill(`${optionForm} input[name=rebill_price]`, 'lots');
    await page.fill(`${optionForm} input[name=cycle_days]`, '90');
    expect(
      (
        await oneMutation(page, 'POST /admin/products/:id/options', () =>
          page.click(`${optionForm} button:has-text("Add option")`),
        )
      ).status(),
    ).toBe(422);
    expect(await page.textContent(`#option-${balm.id}-error`)).toBe('Enter the rebill price like 39.95.');
    expect(await db('product_options').where({ product_id: balm.id }).count({ n: '*' }).first()).toEqual({ n: 1 });

    // The form stays open with what was typed: only the price needs fixing.
    expect(await page.isVisible(optionForm)).toBe(true);
    expect(await page.inputValue(`${optionForm} input[name=option_name]`)).toBe('90-day supply');
    expect(await page.inputValue(`${optionForm} input[name=cycle_days]`)).toBe('90');
    await page.fill(`${optionForm} input[name=rebill_price]`, '129.00');
    expect(
      (
        await oneMutation(page, 'POST /admin/products/:id/options', () =>
          page.click(`${optionForm} button:has-text("Add option")`),
        )
      ).status(),
    ).toBe(303);
    await page.waitForSelector('#flash >> text=Added the option 90-day supply to Night Balm.');
    await page.waitForSelector('#products td >> text=90-day supply');
    expect(await db('product_options').where({ product_id: balm.id, name: '90-day supply' }).first()).toMatchObject({
      sku: 'NIGHT-BALM-2',
      rebill_price_cents: 12900,
      cycle_days: 90,
      trial_days: 14,
      trial_price_cents: 0,
    });

    // Retire: the row is struck through and offers to put it back; order entry no longer offers it.
    await oneMutation(page, 'PATCH /admin/products/:id', () => row.locator('button:has-text("Retire")').click());
    await page.waitForSelector('#products tr.cancelled >> text=NIGHT-BALM');
    expect((await db('products').where({ id: balm.id }).first()).active).toBe(false);
    expect(await db('events').where({ kind: 'product.retired' }).orderBy('id', 'desc').first()).toMatchObject({
      summary: 'Retired Night Balm',
    });
    await oneMutation(page, 'PATCH /admin/products/:id', () =>
      page.locator('#products tr', { hasText: 'NIGHT-BALM' }).locator('button:has-text("Put back on sale")').click(),
    );
    await page.waitForSelector('#products tr:not(.cancelled) >> text=NIGHT-BALM');
    expect((await db('products').where({ id: balm.id }).first()).active).toBe(true);
    await page.context().close();
  });
});
