import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('call dispositions (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  it('an agent starts a call, logs it with a disposition and a note; the history and the report count it', async () => {
    const db = h.t.deps.db;
    const tara = await db('customers').where({ email: 'tara.trial@example.com' }).first();
    const agent = await h.signedIn('agent@example.com');
    await agent.goto(`/customers/${tara.id}`);

    // "Start C/S Call" dials (a tel: link) and opens the same dialog; the test opens it with "Log a call", since a
    // tel: navigation in headless Chromium left the page unable to send the next request.
    expect(await agent.getAttribute('a >> text=Start C/S Call', 'href')).toMatch(/^tel:\d+/);
    expect(await agent.getAttribute('a >> text=Start C/S Call', 'data-open-dialog')).toBe('call-dialog');
    await agent.click('button >> text=Log a call');
    await agent.waitForSelector('#call-dialog[open]');

    // No disposition (the browser's own check lifted, as an old browser would): refused in the dialog, nothing written.
    await agent.fill('#call-form textarea[name=note]', 'Wants to skip a month.');
    await agent.evaluate(() => document.querySelector('#call-form select')?.removeAttribute('required'));
    const refused = await oneMutation(agent, 'POST /customers/:id/calls', () =>
      agent.click('#call-form button[type=submit]'),
    );
    expect(refused.status()).toBe(422);
    await agent.waitForSelector('#call-form .field-error >> text=Choose how the call ended.');
    expect(await db('events').where({ kind: 'customer.call_logged' }).count({ n: '*' }).first()).toEqual({ n: 0 });

    await agent.selectOption('#call-form select[name=disposition]', 'Saved (retained)');
    const logged = await oneMutation(agent, 'POST /customers/:id/calls', () =>
      agent.click('#call-form button[type=submit]'),
    );
    expect(logged.status()).toBe(201);
    await agent.waitForSelector('#history-list li >> text=Call — Saved (retained): Wants to skip a month.');
    expect(await agent.isVisible('#call-dialog')).toBe(false);
    const event = await db('events').where({ kind: 'customer.call_logged', customer_id: tara.id }).first();
    expect(event).toMatchObject({
      actor_name: 'Ava Agent',
      after: { disposition: 'Saved (retained)', note: 'Wants to skip a month.' },
    });
    await agent.context().close();

    const lead = await h.signedIn('lead@example.com');
    await lead.goto('/reports/customer-service');
    const row = lead.locator('#calls tbody tr >> text=Ava Agent');
    await row.waitFor();
    const headers = await lead.locator('#calls thead th').allTextContents();
    const cells = await lead.locator('#calls tbody tr').first().locator('td').allTextContents();
    expect(cells[headers.indexOf('Saved (retained)')]).toBe('1');
    await lead.context().close();
  });
});
