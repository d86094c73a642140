import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('fulfillments from the profile and the order summary (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  const db = () => h.t.deps.db;
  const customer = (email: string) => db()('customers').where({ email }).first();
  const fulfillment = (id: number) => db()('fulfillments').where({ id }).first();

  it('the agent reships a shipped parcel, then marks the reship shipped (a missing tracking number is refused); the rows and history change without a reload', async () => {
    const sam = await customer('sam.shipped@example.com');
    const f = await db()('fulfillments').where({ customer_id: sam.id }).first();
    const page = await h.signedIn('agent@example.com');
    page.on('dialog', (d) => d.accept());
    await page.goto(`/customers/${sam.id}`);

    await oneMutation(page, 'POST /fulfillments/:id/reships', () =>
      page.click(`#fulfillment-${f.id} button:has-text("Reship")`),
    );
    await page.waitForSelector(`#fulfillments >> text=${f.reference}-R1`);
    await page.waitForSelector(`#history-list >> text=Reshipped ${f.reference} as ${f.reference}-R1`);
    expect(await page.textContent('#flash')).toContain(`Reship ${f.reference}-R1 created`);
    const reship = await db()('fulfillments')
      .where({ reference: `${f.reference}-R1` })
      .first();
    expect(reship).toMatchObject({ status: 'pending', customer_id: sam.id, order_id: f.order_id });
    expect(await db()('fulfillment_items').where({ fulfillment_id: reship.id }).count({ n: '*' }).first()).toEqual({
      n: 1,
    });

    const row = `#fulfillment-${reship.id}`;
    await page.click(`${row} summary:has-text("Status")`);
    const refused = await oneMutation(page, 'PATCH /fulfillments/:id', () =>
      page.click(`${row} button:has-text("Save")`),
    );
    expect(refused.status()).toBe(422);
    expect(await page.textContent('#flash .flash-error')).toBe('Enter the tracking number to mark it shipped.');
    expect((await fulfillment(reship.id)).status).toBe('pending');

    await page.click(`${row} summary:has-text("Status")`);
    await page.fill(`${row} input[name=tracking_number]`, '9400111122223333');
    await oneMutation(page, 'PATCH /fulfillments/:id', () => page.click(`${row} button:has-text("Save")`));
    await page.waitForSelector(`${row} [data-status=shipped]`);
    expect(await page.textContent(row)).toContain('USPS 9400111122223333');
    await page.waitForSelector(
      `#history-list >> text=Fulfillment ${f.reference}-R1: pending → shipped (USPS 9400111122223333)`,
    );
    expect(await fulfillment(reship.id)).toMatchObject({
      status: 'shipped',
      carrier: 'USPS',
      tracking_number: '9400111122223333',
    });
    await page.context().close();
  });

  it('on the order summary the agent cancels a pending parcel; the order list changes and the history records it', async () => {
    const victor = await customer('victor.voidable@example.com');
    const f = await db()('fulfillments as f')
      .join('orders as o', 'o.id', 'f.order_id')
      .where('f.customer_id', victor.id)
      .first('f.*', 'o.public_id');
    const page = await h.signedIn('agent@example.com');
    page.on('dialog', (d) => d.accept());
    await page.goto(`/orders/${f.public_id}`);
    await oneMutation(page, 'POST /fulfillments/:id/cancellation', () =>
      page.click(`#fulfillment-${f.id} button:has-text("Cancel")`),
    );
    await page.waitForSelector(`#fulfillment-${f.id} [data-status=cancelled]`);
    expect(await page.textContent('#flash')).toContain(`Fulfillment ${f.reference} is now cancelled.`);
    expect(await page.locator(`#fulfillment-${f.id} button`).count()).toBe(0);
    expect((await fulfillment(f.id)).status).toBe('cancelled');
    expect(await db()('history_entries').where({ customer_id: victor.id }).orderBy('id', 'desc').first()).toMatchObject(
      { body: `Fulfillment ${f.reference}: pending → cancelled`, actor_name: 'Ava Agent' },
    );
    await page.context().close();
  });
});
