import path from 'node:path';
import { startBrowserHarness, type BrowserHarness } from '../../support/browser';
import { TEST_ROOT } from '../../support/paths';

describe('an agent helps a customer (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  it('searches by email as they type, opens the profile, edits the phone inline and adds notes without a reload', async () => {
    const page = await h.signedIn('agent@example.com');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('status of 422') && errors.push(m.text()));

    await page.click('text=Customer Service');
    await page.fill('input[name=email]', 'tara.trial@example.com');
    await page.waitForSelector('#results tbody tr >> text=Tara Trial');
    expect(await page.locator('#results tbody tr').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('email')).toBe('tara.trial@example.com'); // the URL follows the filters

    await page.click('#results >> text=Tara Trial');
    await page.waitForSelector('h1 >> text=Tara Trial');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42)); // survives only without a reload

    await page.click('button[aria-label="Edit contact"]');
    await page.fill('#block-contact input[name=phone]', 'not a phone');
    await page.click('#block-contact button[type=submit]');
    await page.waitForSelector('#block-contact .field-error');
    expect(await page.textContent('#block-contact .field-error')).toBe('Enter a phone number of 7 to 15 digits.');
    await page.fill('#block-contact input[name=phone]', '(503) 555-0199');
    await page.click('#block-contact button[type=submit]');
    await page.waitForSelector('#block-contact [data-field=phone] >> text=(503) 555-0199');
    await page.waitForSelector('#history-list >> text=Phone (503) 555-0103 → (503) 555-0199');
    const row = await h.t.deps.db('customers').where({ email: 'tara.trial@example.com' }).first();
    expect(row.phone).toBe('(503) 555-0199');

    await page.click('button[aria-label="Add a note"]');
    await page.fill('#note-dialog textarea[name=body]', '<script>window.pwned = 1</script> Wants the next box early.');
    await page.click('#note-dialog button[type=submit]');
    await page.waitForSelector('#history-list li.note >> nth=0 >> text=Wants the next box early.');
    expect(await page.isVisible('#note-dialog')).toBe(false);
    expect(await page.textContent('#history-list li.note .body >> nth=0')).toBe(
      '<script>window.pwned = 1</script> Wants the next box early.',
    );
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42);

    await page.click('[role=tab] >> text=Subscriptions');
    await page.waitForSelector('#tab-panel >> text=Glow Serum');

    await page.screenshot({ path: path.join(TEST_ROOT, 'profile.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the back button returns to the earlier search', async () => {
    const page = await h.signedIn('agent@example.com');
    await page.goto('/customers');
    await page.fill('input[name=name]', 'morgan');
    await page.waitForSelector('#results >> text=Morgan Merge');
    await page.fill('input[name=name]', 'quinn');
    await page.waitForSelector('#results >> text=Quinn Queue');
    await page.goBack();
    await page.waitForSelector('#results >> text=Morgan Merge');
    await page.context().close();
  });
});
