import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('lead source (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  it('an agent edits the UTM fields, affiliate and sub-ids; the history shows before → after; too long a value is refused', async () => {
    const db = h.t.deps.db;
    const customer = await db('customers').where({ email: 'sam.shipped@example.com' }).first();
    const blank = { utm_medium: null, utm_campaign: null, utm_term: null, utm_content: null, affiliate_id: null };
    await db('customers')
      .where({ id: customer.id })
      .update({ ...blank, utm_source: 'facebook' });
    const page = await h.signedIn('agent@example.com');
    await page.goto(`/customers/${customer.id}`);
    expect(await page.textContent('#block-lead')).toContain('facebook');

    await page.click('button[aria-label="Edit lead source"]');
    await page.fill('#block-lead input[name=utm_campaign]', 'x'.repeat(201));
    const refused = await oneMutation(page, 'PATCH /customers/:id/:block', () =>
      page.click('#block-lead button[type=submit]'),
    );
    expect(refused.status()).toBe(422);
    expect(await page.textContent('#utm_campaign-error')).toBe('UTM campaign is too long (at most 200 characters).');
    expect((await db('customers').where({ id: customer.id }).first()).utm_campaign).toBeNull();

    await page.fill('#block-lead input[name=utm_source]', 'google');
    await page.fill('#block-lead input[name=utm_campaign]', 'spring-sale');
    await page.fill('#block-lead input[name=affiliate_id]', 'AFF-42');
    await page.fill('#block-lead input[name=sub_id1]', 'click-9');
    await oneMutation(page, 'PATCH /customers/:id/:block', () => page.click('#block-lead button[type=submit]'));
    await page.waitForSelector('#block-lead [data-lead-source] >> text=spring-sale');
    await page.waitForSelector(
      '#history-list >> text=Edited lead source: UTM source facebook → google; UTM campaign (empty) → spring-sale; Affiliate (empty) → AFF-42; Sub-id 1 (empty) → click-9',
    );
    expect(await db('customers').where({ id: customer.id }).first()).toMatchObject({
      utm_source: 'google',
      utm_campaign: 'spring-sale',
      affiliate_id: 'AFF-42',
      sub_id1: 'click-9',
    });
    const event = await db('events').where({ kind: 'customer.edited', customer_id: customer.id }).first();
    expect(event.before).toMatchObject({ utm_source: 'facebook', utm_campaign: null });
    expect(event.after).toMatchObject({ utm_source: 'google', utm_campaign: 'spring-sale' });
    await page.context().close();
  });
});
