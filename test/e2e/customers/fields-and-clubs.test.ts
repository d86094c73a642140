import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('custom fields and membership clubs (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  const db = () => h.t.deps.db;

  const errors: string[] = [];
  afterAll(async () => {
    await h.close();
    expect(errors).toEqual([]);
  });

  it('the admin defines a choice field (too few choices refused) and a club', async () => {
    const admin = await h.signedIn('owner@example.com');
    admin.on('pageerror', (e) => errors.push(e.message));
    await admin.goto('/admin/custom-fields');
    await admin.fill('input[name=name] >> nth=0', 'Skin type');
    await admin.selectOption('select[name=kind]', 'choice');
    await admin.fill('textarea[name=choices]', 'Dry');
    expect(
      (
        await oneMutation(admin, 'POST /admin/custom-fields', () => admin.click('button:has-text("Add field")'))
      ).status(),
    ).toBe(422);
    expect(await admin.textContent('#choices-error')).toBe('A choice field needs at least two choices, one a line.');
    expect(await db()('custom_field_definitions').count({ n: '*' }).first()).toEqual({ n: 0 });
    await admin.fill('textarea[name=choices]', 'Dry\nOily\nNormal');
    await admin.check('input[name=required]');
    expect(
      (
        await oneMutation(admin, 'POST /admin/custom-fields', () => admin.click('button:has-text("Add field")'))
      ).status(),
    ).toBe(303);
    await admin.waitForSelector('#field-definitions input[value="Skin type"]');
    const field = await db()('custom_field_definitions').where({ name: 'Skin type' }).first();
    expect(field).toMatchObject({ kind: 'choice', choices: ['Dry', 'Oily', 'Normal'], required: true });

    await admin.fill('form[hx-post="/admin/clubs"] input[name=name]', 'Glow Club');
    expect(
      (await oneMutation(admin, 'POST /admin/clubs', () => admin.click('button:has-text("Add club")'))).status(),
    ).toBe(303);
    await admin.waitForSelector('#clubs input[value="Glow Club"]');
    expect(await db()('events').where({ kind: 'club.created' }).first()).toMatchObject({ actor_name: 'Olivia Owner' });
    await admin.context().close();
  });

  it('an agent fills the field (required: refused empty), then searches by it', async () => {
    const field = await db()('custom_field_definitions').where({ name: 'Skin type' }).first();
    const tara = await db()('customers').where({ email: 'tara.trial@example.com' }).first();
    const page = await h.signedIn('agent@example.com');
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => d.accept());
    await page.goto(`/customers/${tara.id}`);
    await page.click('a[role=tab]:has-text("Custom fields")');
    await page.waitForSelector('text=Skin type *');
    expect(
      (
        await oneMutation(page, 'PATCH /customers/:id/custom-fields', () =>
          page.click('button:has-text("Save custom fields")'),
        )
      ).status(),
    ).toBe(422);
    expect(await page.textContent(`#field_${field.id}-error`)).toBe('Enter Skin type.');
    await page.selectOption(`select[name=field_${field.id}]`, 'Oily');
    expect(
      (
        await oneMutation(page, 'PATCH /customers/:id/custom-fields', () =>
          page.click('button:has-text("Save custom fields")'),
        )
      ).status(),
    ).toBe(200);
    await page.waitForSelector('#history-list >> text=Edited custom fields: Skin type (empty) → Oily');
    expect(
      await db()('customer_custom_fields').where({ customer_id: tara.id, name: 'Skin type' }).first(),
    ).toMatchObject({
      value: 'Oily',
    });
    await page.goto('/customers?cf_name=Skin%20type&cf_value=oily');
    await page.waitForSelector(`#results a[href="/customers/${tara.id}"]`);
    expect(await page.locator('#results tbody tr').count()).toBe(1);
    await page.context().close();
  });

  it('an agent adds a membership by hand and removes it', async () => {
    const tara = await db()('customers').where({ email: 'tara.trial@example.com' }).first();
    const page = await h.signedIn('agent@example.com');
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => d.accept());
    await page.goto(`/customers/${tara.id}`);
    await page.click('a[role=tab]:has-text("Membership clubs")');
    await page.waitForSelector('select[name=club_id]');
    await page.selectOption('select[name=club_id]', { label: 'Glow Club' });
    expect(
      (
        await oneMutation(page, 'POST /customers/:id/memberships', () => page.click('#tab-panel button:text-is("Add")'))
      ).status(),
    ).toBe(200);
    await page.waitForSelector('#memberships >> text=added by hand');
    await page.waitForSelector('#history-list >> text=Added to the membership club Glow Club');
    expect(
      (
        await oneMutation(page, 'DELETE /customers/:id/memberships/:membershipId', () =>
          page.click('#memberships button:has-text("Remove")'),
        )
      ).status(),
    ).toBe(200);
    await page.waitForSelector('#history-list >> text=Removed from the membership club Glow Club');
    expect(await db()('customer_memberships').where({ customer_id: tara.id, club: 'Glow Club' }).first()).toMatchObject(
      {
        status: 'cancelled',
      },
    );

    await page.context().close();
  });

  it('the admin renames, retires and deletes fields and clubs; one in use is refused deletion with why', async () => {
    const admin = await h.signedIn('owner@example.com');
    admin.on('pageerror', (e) => errors.push(e.message));
    admin.on('dialog', (d) => d.accept());
    await admin.goto('/admin/custom-fields');
    const field = await db()('custom_field_definitions').where({ name: 'Skin type' }).first();
    const row = admin.locator(`#field-${field.id}`);
    await row.locator('input[name=name]').fill('');
    const empty = await oneMutation(admin, 'PATCH /admin/custom-fields/:id', () =>
      row.locator('button:text-is("Rename")').click(),
    );
    expect(empty.status()).toBe(422);
    expect(await admin.textContent(`#field_${field.id}-error`)).toBe('Enter the new name.');
    await admin.locator(`#field-${field.id} input[name=name]`).fill('Skin kind');
    expect(
      (
        await oneMutation(admin, 'PATCH /admin/custom-fields/:id', () =>
          admin.locator(`#field-${field.id} button:text-is("Rename")`).click(),
        )
      ).status(),
    ).toBe(303);
    await admin.waitForSelector('#flash >> text=Renamed the custom field Skin type to Skin kind.');
    expect(await db()('customer_custom_fields').where({ name: 'Skin kind' }).count({ n: '*' }).first()).toEqual({
      n: 1,
    });

    expect(
      (
        await oneMutation(admin, 'DELETE /admin/custom-fields/:id', () =>
          admin.locator(`#field-${field.id} button:text-is("Delete")`).click(),
        )
      ).status(),
    ).toBe(422);
    expect(await admin.textContent(`#field_${field.id}-error`)).toBe(
      'Skin kind is in use (1 customer value(s)) and cannot be deleted: retire it instead.',
    );
    expect(
      (
        await oneMutation(admin, 'POST /admin/custom-fields/:id/retirement', () =>
          admin.locator(`#field-${field.id} button:text-is("Retire")`).click(),
        )
      ).status(),
    ).toBe(303);
    await admin.waitForSelector(`#field-${field.id} >> text=retired`);
    expect((await db()('custom_field_definitions').where({ id: field.id }).first()).retired_at).not.toBeNull();

    const club = await db()('membership_clubs').where({ name: 'Glow Club' }).first();
    await admin.locator(`#club-${club.id} input[name=name]`).fill('Radiance Club');
    expect(
      (
        await oneMutation(admin, 'PATCH /admin/clubs/:id', () =>
          admin.locator(`#club-${club.id} button:text-is("Rename")`).click(),
        )
      ).status(),
    ).toBe(303);
    await admin.waitForSelector('#flash >> text=Renamed the club Glow Club to Radiance Club.');
    expect(
      (
        await oneMutation(admin, 'POST /admin/clubs/:id/retirement', () =>
          admin.locator(`#club-${club.id} button:text-is("Retire")`).click(),
        )
      ).status(),
    ).toBe(303);
    await admin.waitForSelector(`#club-${club.id} >> text=retired`);
    const [spare] = await db()('membership_clubs').insert({ name: 'Spare Club' }).returning('id');
    await admin.goto('/admin/custom-fields');
    expect(
      (
        await oneMutation(admin, 'DELETE /admin/clubs/:id', () =>
          admin.locator(`#club-${spare.id} button:text-is("Delete")`).click(),
        )
      ).status(),
    ).toBe(303);
    await admin.waitForSelector('#flash >> text=Deleted the club Spare Club.');
    expect(await admin.locator(`#club-${spare.id}`).count()).toBe(0);
    expect(await db()('membership_clubs').where({ id: spare.id }).first()).toBeUndefined();

    // The profile keeps showing the retired field's value, and no longer offers the field or the club.
    const tara = await db()('customers').where({ email: 'tara.trial@example.com' }).first();
    await admin.goto(`/customers/${tara.id}`);
    await admin.click('a[role=tab]:has-text("Custom fields")');
    await admin.waitForSelector('#tab-panel >> text=Other values');
    expect(await admin.locator(`select[name=field_${field.id}]`).count()).toBe(0);
    await admin.context().close();
  });
});
