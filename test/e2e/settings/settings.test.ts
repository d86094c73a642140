import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('settings and notify emails (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  it('the admin saves the settings in place, and adds and removes a notify email', async () => {
    const db = h.t.deps.db;
    const page = await h.signedIn('owner@example.com');
    await page.goto('/admin/settings');
    const before = await db('settings').first();

    // A wrong time: the form again with the message and what was typed, nothing saved.
    await page.fill('input[name=rebill_time]', '25:00');
    expect(
      (await oneMutation(page, 'PATCH /admin/settings', () => page.click('button:has-text("Save settings")'))).status(),
    ).toBe(422);
    expect(await page.textContent('#rebill_time-error')).toBe('Enter the rebill time as HH:MM, e.g. 07:00.');
    expect(await page.inputValue('input[name=rebill_time]')).toBe('25:00');
    expect(await db('settings').first()).toEqual(before);

    await page.fill('input[name=rebill_time]', '05:30');
    await page.fill('textarea[name=cancellation_reasons]', `${before.cancellation_reasons.join('\n')}\nMoving abroad`);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    expect(
      (await oneMutation(page, 'PATCH /admin/settings', () => page.click('button:has-text("Save settings")'))).status(),
    ).toBe(200);
    await page.waitForSelector('#settings-form .flash-success >> text=Settings saved.');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1); // swapped in place, no reload
    expect(await page.locator('#settings-form .field-error').count()).toBe(0);
    const after = await db('settings').first();
    expect(after.rebill_time).toBe('05:30');
    expect(after.cancellation_reasons).toEqual([...before.cancellation_reasons, 'Moving abroad']);
    expect(await db('events').where({ kind: 'settings.changed' }).orderBy('id', 'desc').first()).toMatchObject({
      actor_name: 'Olivia Owner',
      summary: 'Changed settings: rebill time, cancellation reasons',
    });

    // Notify emails: a malformed address is refused in the card; a good one is listed; Remove takes it off.
    const emails = () => db('notify_emails').orderBy('email').pluck('email');
    const listed = await emails();
    await page.fill('#notify-emails input[name=email]', 'ops@example');
    expect(
      (
        await oneMutation(page, 'POST /admin/notify-emails', () => page.click('#notify-emails button:has-text("Add")'))
      ).status(),
    ).toBe(422);
    expect(await page.textContent('#notify-email-error')).toBe('Enter a valid email address, like ops@example.com.');
    expect(await page.inputValue('#notify-emails input[name=email]')).toBe('ops@example');
    expect(await emails()).toEqual(listed);

    await page.fill('#notify-emails input[name=email]', ' Ops@Example.com ');
    expect(
      (
        await oneMutation(page, 'POST /admin/notify-emails', () => page.click('#notify-emails button:has-text("Add")'))
      ).status(),
    ).toBe(201);
    await page.waitForSelector('#notify-emails li >> text=ops@example.com');
    expect(await page.inputValue('#notify-emails input[name=email]')).toBe('');
    expect(await emails()).toEqual([...listed, 'ops@example.com'].sort());
    expect(
      await db('events').where({ kind: 'settings.notify_email_added' }).orderBy('id', 'desc').first(),
    ).toMatchObject({ summary: 'Added ops@example.com to the notify emails' });

    // The same address again says so rather than adding it twice.
    await page.fill('#notify-emails input[name=email]', 'ops@example.com');
    expect(
      (
        await oneMutation(page, 'POST /admin/notify-emails', () => page.click('#notify-emails button:has-text("Add")'))
      ).status(),
    ).toBe(422);
    expect(await page.textContent('#notify-email-error')).toBe('ops@example.com is already on the list.');

    await oneMutation(page, 'DELETE /admin/notify-emails/:id', () =>
      page.click('button[aria-label="Remove ops@example.com"]'),
    );
    expect(await page.locator('#notify-emails li >> text=ops@example.com').count()).toBe(0);
    expect(await emails()).toEqual(listed);
    expect(
      await db('events').where({ kind: 'settings.notify_email_removed' }).orderBy('id', 'desc').first(),
    ).toMatchObject({ actor_name: 'Olivia Owner' });
    await page.context().close();
  });
});
