import { startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('fulfillments from the profile (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  it('the agent reships a shipped parcel and sees the -R1 row and the history without a reload', async () => {
    const sam = await h.t.deps.db('customers').where({ email: 'sam.shipped@example.com' }).first();
    const f = await h.t.deps.db('fulfillments').where({ customer_id: sam.id }).first();
    const page = await h.signedIn('agent@example.com');
    page.on('dialog', (d) => d.accept());
    await page.goto(`/customers/${sam.id}`);
    await page.click(`#fulfillment-${f.id} button:has-text("Reship")`);
    await page.waitForSelector(`#fulfillments >> text=${f.reference}-R1`);
    await page.waitForSelector(`#history-list >> text=Reshipped ${f.reference} as ${f.reference}-R1`);
    expect(await page.textContent('#flash')).toContain('created');
    await page.context().close();
  });
});
