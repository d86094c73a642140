import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('calls and search settings (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  it('an admin edits the dispositions and restricts search; an agent then needs two exact filters, and sees their recent customers', async () => {
    const db = h.t.deps.db;
    const admin = await h.signedIn('owner@example.com');
    await admin.goto('/admin/settings');
    const form = '#customer-service-settings';
    await admin.fill(`${form} textarea[name=call_dispositions]`, '  \n');
    const bad = await oneMutation(admin, 'PATCH /admin/settings/customer-service', () =>
      admin.click(`${form} button[type=submit]`),
    );
    expect(bad.status()).toBe(422);
    await admin.waitForSelector(`${form} .field-error >> text=Keep at least one call disposition.`);
    expect((await db('settings').first()).call_dispositions).toContain('Resolved');

    await admin.fill(`${form} textarea[name=call_dispositions]`, 'Resolved\nWrong number\nResolved');
    await admin.check(`${form} input[name=restrict_customer_search]`);
    await oneMutation(admin, 'PATCH /admin/settings/customer-service', () =>
      admin.click(`${form} button[type=submit]`),
    );
    await admin.waitForSelector(`${form} >> text=Saved.`);
    expect(await db('settings').first()).toMatchObject({
      call_dispositions: ['Resolved', 'Wrong number'],
      restrict_customer_search: true,
    });
    expect((await db('events').where({ kind: 'settings.changed' }).orderBy('id', 'desc').first()).after).toEqual({
      call_dispositions: ['Resolved', 'Wrong number'],
      restrict_customer_search: true,
    });
    await admin.context().close();

    const agent = await h.signedIn('agent@example.com');
    await agent.goto('/customers');
    await agent.waitForSelector('#results >> text=Customer search is restricted');
    await agent.fill('input[name=name]', 'tara');
    await agent.waitForSelector('#results >> text=Customer search is restricted');
    await agent.fill('input[name=email]', 'tara.trial@example.com');
    await agent.waitForSelector('#results >> text=No customers match'); // "tara" is not her whole name
    await agent.fill('input[name=name]', 'Tara Trial');
    await agent.click('#results >> text=Tara Trial');
    await agent.waitForSelector('h1 >> text=Tara Trial');

    await agent.goto('/customers');
    await agent.waitForSelector('#recent-customers li >> text=Tara Trial');
    const tara = await db('customers').where({ email: 'tara.trial@example.com' }).first();
    const cookies = await agent.context().cookies();
    expect(cookies.find((c) => c.name === 'cd.recent')?.value).toMatch(new RegExp(`^\\d+%3A${tara.id}$`));
    await agent.context().close();
  });
});
