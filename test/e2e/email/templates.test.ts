import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('email templates (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());
  const db = () => h.t.deps.db;

  it('the admin previews, is refused an unknown placeholder, saves, and resets the refund email', async () => {
    const page = await h.signedIn('owner@example.com');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => d.accept());
    await page.goto('/admin/email-templates');
    await page.click('#email-templates a:has-text("Refund")');
    await page.waitForSelector('h1 >> text=Refund email');

    await page.fill('input[name=subject]', 'Money back for {{first_name}}: {{amount}}');
    await page.fill('textarea[name=body]', 'Hello {{nickname}}, <b>{{amount}}</b> is on its way.');
    await page.click('button:has-text("Preview")');
    await page.waitForSelector('[data-preview-subject] >> text=Money back for Dana: $39.95');
    expect(await page.textContent('#preview')).toContain('Unknown placeholder {{nickname}}');
    expect(await page.textContent('[data-preview-body]')).toBe('Hello —, <b>$39.95</b> is on its way.'); // text, not markup

    expect(
      (
        await oneMutation(page, 'PATCH /admin/email-templates/:key', () =>
          page.click('button:has-text("Save template")'),
        )
      ).status(),
    ).toBe(422);
    expect(await page.textContent('#body-error')).toContain('Unknown placeholder {{nickname}}');
    expect(await page.inputValue('textarea[name=body]')).toContain('{{nickname}}'); // what was typed stays
    expect(await db()('email_templates').where({ key: 'refund' }).first()).toBeUndefined();

    await page.fill('textarea[name=body]', 'Hello {{first_name}}, {{amount}} is on its way to card {{card_last4}}.');
    expect(
      (
        await oneMutation(page, 'PATCH /admin/email-templates/:key', () =>
          page.click('button:has-text("Save template")'),
        )
      ).status(),
    ).toBe(303);
    await page.waitForSelector('#flash >> text=Saved. Emails sent from now on use this text.');
    expect(await db()('email_templates').where({ key: 'refund' }).first()).toMatchObject({
      subject: 'Money back for {{first_name}}: {{amount}}',
    });
    expect(await db()('events').where({ kind: 'email_template.saved' }).first()).toMatchObject({
      actor_name: 'Olivia Owner',
    });

    expect(
      (
        await oneMutation(page, 'DELETE /admin/email-templates/:key', () =>
          page.click('button:has-text("Reset to default")'),
        )
      ).status(),
    ).toBe(303);
    await page.waitForSelector('#flash >> text=Back to the default text.');
    expect(await page.inputValue('input[name=subject]')).toBe('Your refund of {{amount}}');
    expect(await db()('email_templates').where({ key: 'refund' }).first()).toBeUndefined();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
