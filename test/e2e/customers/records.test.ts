import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('customer records: add, tag, note, attach, edit, merge, delete (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  const db = () => h.t.deps.db;
  const historyOf = (customerId: number) =>
    db()('history_entries').where({ customer_id: customerId }).orderBy('id', 'desc');

  it('the agent adds a customer, tags them, adds a note, attaches a file and edits the other info block', async () => {
    const page = await h.signedIn('agent@example.com');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/customers/new');
    await page.fill('input[name=first_name]', 'Casey');
    await page.fill('input[name=last_name]', 'Created');
    await page.fill('input[name=email]', 'casey.created@example.com');
    await page.fill('input[name=phone]', 'call me');
    const count = async () => Number((await db()('customers').count({ n: '*' }).first())!.n);
    const before = await count();
    expect(
      (await oneMutation(page, 'POST /customers', () => page.click('button:has-text("Add customer")'))).status(),
    ).toBe(422);
    expect(await page.textContent('#phone-error')).toBe('Enter a phone number of 7 to 15 digits.');
    expect(await page.inputValue('input[name=email]')).toBe('casey.created@example.com'); // what was typed stays
    expect(await count()).toBe(before);

    await page.fill('input[name=phone]', '(415) 555-0142');
    await page.fill('input[name=billing_address1]', '1 Market St');
    await page.fill('input[name=billing_city]', 'San Francisco');
    await page.fill('input[name=billing_postal_code]', '94105');
    await page.fill('input[name=billing_country]', 'us');
    expect(
      (await oneMutation(page, 'POST /customers', () => page.click('button:has-text("Add customer")'))).status(),
    ).toBe(303);
    await page.waitForSelector('h1 >> text=Casey Created');
    expect(await page.textContent('#flash')).toContain('Customer added.');
    const casey = await db()('customers').where({ email: 'casey.created@example.com' }).first();
    expect(casey).toMatchObject({
      first_name: 'Casey',
      last_name: 'Created',
      phone: '(415) 555-0142',
      billing_country: 'US',
    });
    expect(new URL(page.url()).pathname).toBe(`/customers/${casey.id}`);
    expect((await historyOf(casey.id))[0]).toMatchObject({
      kind: 'customer.created',
      actor_name: 'Ava Agent',
      body: 'Created the customer Casey Created',
    });

    // Tags: a refused one keeps the input and says why; a good one shows at once; × removes it.
    await page.fill('input[aria-label="New tag"]', '#vip!');
    expect((await oneMutation(page, 'POST /customers/:id/tags', () => page.click('.tag-form button'))).status()).toBe(
      422,
    );
    expect(await page.textContent('#tag-error')).toBe('Tags use letters, digits, spaces, - and _.');
    expect((await db()('customers').where({ id: casey.id }).first()).tags).toEqual([]);
    await page.fill('input[aria-label="New tag"]', 'Wholesale');
    await oneMutation(page, 'POST /customers/:id/tags', () => page.click('.tag-form button'));
    await page.waitForSelector('#tags .badge.tag >> text=wholesale');
    expect(await page.inputValue('input[aria-label="New tag"]')).toBe('');
    expect((await db()('customers').where({ id: casey.id }).first()).tags).toEqual(['wholesale']);
    expect((await historyOf(casey.id))[0].body).toBe('Tagged “wholesale”');
    await oneMutation(page, 'DELETE /customers/:id/tags/:tag', () =>
      page.click('button[aria-label="Remove tag wholesale"]'),
    );
    expect(await page.locator('#tags .badge.tag').count()).toBe(0);
    expect((await db()('customers').where({ id: casey.id }).first()).tags).toEqual([]);
    expect((await historyOf(casey.id))[0].body).toBe('Removed tag “wholesale”');

    // A note: an empty one is refused inside the dialog; a real one lands on top of the history.
    await page.click('button[aria-label="Add a note"]');
    await page.fill('#note-dialog textarea[name=body]', '   ');
    expect(
      (
        await oneMutation(page, 'POST /customers/:id/notes', () => page.click('#note-dialog button[type=submit]'))
      ).status(),
    ).toBe(422);
    expect(await page.textContent('#note-dialog #body-error')).toBe('Write the note first.');
    expect(await page.isVisible('#note-dialog')).toBe(true);
    await page.fill('#note-dialog textarea[name=body]', 'Asked for a callback on Monday.');
    expect(
      (
        await oneMutation(page, 'POST /customers/:id/notes', () => page.click('#note-dialog button[type=submit]'))
      ).status(),
    ).toBe(201);
    await page.waitForSelector('#history-list li.note >> nth=0 >> text=Asked for a callback on Monday.');
    expect(await page.isVisible('#note-dialog')).toBe(false);
    expect(await db()('history_entries').where({ customer_id: casey.id, kind: 'note' }).pluck('body')).toEqual([
      'Asked for a callback on Monday.',
    ]);

    // A file on the Files tab.
    await page.click('[role=tab] >> text=Files');
    await page.waitForSelector('#files-tab >> text=No files.');
    await page.setInputFiles('#files-tab input[type=file]', {
      name: 'call-notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Spoke on the phone.'),
    });
    expect(
      (
        await oneMutation(page, 'POST /customers/:id/files', () => page.click('#files-tab button:has-text("Upload")'))
      ).status(),
    ).toBe(201);
    await page.waitForSelector('#files-tab a >> text=call-notes.txt');
    const file = await db()('files').where({ customer_id: casey.id }).first();
    expect(file).toMatchObject({
      filename: 'call-notes.txt',
      content_type: 'text/plain',
      size_bytes: 19,
      user_id: expect.any(Number),
    });
    expect(file.content.toString()).toBe('Spoke on the phone.');
    expect((await historyOf(casey.id))[0].body).toBe('Attached the file “call-notes.txt”');

    // The other info block: a short membership password is refused; a good save shows "set" and one history line.
    await page.click('button[aria-label="Edit other info"]');
    await page.fill('#block-other input[name=membership_login]', 'casey42');
    await page.fill('#block-other input[name=membership_password]', 'short');
    expect(
      (
        await oneMutation(page, 'PATCH /customers/:id/:block', () => page.click('#block-other button[type=submit]'))
      ).status(),
    ).toBe(422);
    expect(await page.textContent('#block-other #membership_password-error')).toBe(
      'A membership password needs at least 8 characters.',
    );
    expect((await db()('customers').where({ id: casey.id }).first()).membership_login).toBeNull();
    await page.fill('#block-other input[name=membership_password]', 'long-enough-1');
    await oneMutation(page, 'PATCH /customers/:id/:block', () => page.click('#block-other button[type=submit]'));
    await page.waitForSelector('#block-other:not(.editing) >> text=casey42');
    expect(await page.textContent('#block-other')).toContain('set');
    expect(await page.textContent('#block-other')).not.toContain('not set');
    const saved = await db()('customers').where({ id: casey.id }).first();
    expect(saved.membership_login).toBe('casey42');
    expect(saved.membership_password_hash).toMatch(/^scrypt\$/);
    await page.waitForSelector(
      '#history-list >> text=Edited other info: membership login (empty) → casey42; new membership password set',
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the lead merges the duplicate Morgan Merge; the admin deletes a customer', async () => {
    const [older, newer] = await db()('customers').where({ email: 'morgan.merge@example.com' }).orderBy('id');
    await db()('customers').where({ id: older.id }).update({ billing_address1: '9 Older Rd', billing_city: 'Tempe' });
    const lead = await h.signedIn('lead@example.com');
    await lead.goto(`/customers/${newer.id}`);
    await lead.click(`a[href="/customers/${newer.id}/merges/new?source=${older.id}"]`);
    await lead.waitForSelector('h1 >> text=Merge customers');
    // Side by side: the agent takes the merged record's billing address and keeps the rest.
    await lead.waitForSelector('text=A merge cannot be undone');
    expect(await lead.locator('tr:has(th:text("Email")) >> text=same').count()).toBe(1);
    // On a phone the choices stack: nothing of the form scrolls sideways, inside its card or outside.
    const desk = lead.viewportSize()!;
    await lead.setViewportSize({ width: 390, height: 844 });
    const overflow = await lead.evaluate(() =>
      [document.documentElement, ...document.querySelectorAll('.merge-form .table-scroll')].map(
        (e) => e.scrollWidth - e.clientWidth,
      ),
    );
    expect(overflow.every((px) => px <= 0)).toBe(true);
    await lead.setViewportSize(desk);
    await lead.check('input[name=keep_billing][value=source]');
    const ordersOfOlder = await db()('orders').where({ customer_id: older.id }).pluck('id');
    expect(
      (
        await oneMutation(lead, 'POST /customers/:id/merges', () =>
          lead.click(`button:has-text("Merge #${older.id} into #${newer.id}")`),
        )
      ).status(),
    ).toBe(303);
    await lead.waitForSelector(`#flash >> text=Customer #${older.id} was merged into this one.`);
    expect(new URL(lead.url()).pathname).toBe(`/customers/${newer.id}`);
    expect(await db()('customers').where({ id: older.id }).first()).toBeUndefined();
    expect(await db()('customers').where({ id: newer.id }).first()).toMatchObject({
      billing_address1: '9 Older Rd',
      billing_city: 'Tempe',
      first_name: 'Morgan',
    });
    expect(await db()('orders').whereIn('id', ordersOfOlder).pluck('customer_id')).toEqual(
      ordersOfOlder.map(() => newer.id),
    );
    expect((await historyOf(newer.id))[0]).toMatchObject({ kind: 'customer.merged', actor_name: 'Leo Lead' });
    await lead.waitForSelector(
      `#history-list >> text=Merged customer #${older.id} (Morgan Merge, morgan.merge@example.com) into this one`,
    );
    expect(await lead.locator('text=Possible duplicates').count()).toBe(0);
    await lead.context().close();

    const sam = await db()('customers').where({ email: 'sam.shipped@example.com' }).first();
    const admin = await h.signedIn('owner@example.com');
    admin.on('dialog', (d) => d.accept());
    await admin.goto(`/customers/${sam.id}`);
    expect(
      (
        await oneMutation(admin, 'DELETE /customers/:id', () => admin.click('button:has-text("Delete customer")'))
      ).status(),
    ).toBe(204);
    await admin.waitForSelector('#flash >> text=Deleted Sam Shipped.');
    expect(new URL(admin.url()).pathname).toBe('/customers');
    expect(await db()('customers').where({ id: sam.id }).first()).toBeUndefined();
    expect(await db()('events').where({ kind: 'customer.deleted', customer_id: sam.id }).first()).toMatchObject({
      actor_name: 'Olivia Owner',
    });
    await admin.context().close();
  });
});
