import type { Page } from 'playwright-core';
import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';
import { customerLines, importCsv } from '../../support/import-csv';

describe('CSV import in the admin pages (Chromium)', () => {
  let h: BrowserHarness;
  let page: Page;
  beforeAll(async () => {
    h = await startBrowserHarness();
    page = await h.signedIn('owner@example.com');
  });
  afterAll(() => h.close());

  const customers = async () => Number((await h.t.deps.db('customers').count({ n: '*' }))[0].n);
  const choose = (text: string) =>
    page.setInputFiles('input[aria-label="CSV file"]', {
      name: 'old-crm.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(text),
    });

  it('the admin uploads a file, reads the dry run report, and confirms the import once', async () => {
    await page.goto('/admin/settings');
    await page.click('nav.subnav a:has-text("Import")');
    await page.waitForSelector('h1 >> text=Import');
    const before = await customers();

    await choose('name,mail\nAda,ada@x.test\n');
    const refused = await oneMutation(page, 'POST /admin/imports', () => page.click('button:has-text("Check file")'));
    expect(refused.status()).toBe(422);
    expect(await page.textContent('#file-error')).toBe('Nothing in this file can be imported.');
    expect(await page.textContent('#import-problems')).toContain('Line 1: Unknown column(s): name, mail');

    await choose(
      importCsv([
        ...customerLines(1),
        { record: 'charge', source_id: 'T9', order_id: 'O1', amount: '1.00', refunded: '2.00', status: 'approved' },
      ]),
    );
    const checked = await oneMutation(page, 'POST /admin/imports', () => page.click('button:has-text("Check file")'));
    expect(checked.status()).toBe(204);
    await page.waitForSelector('#import-report >> text=Confirming would create');
    expect(await page.textContent('#import-report')).toContain(
      '1 customers, 1 orders, 1 items, 1 charges, 1 subscriptions',
    );
    expect(await page.textContent('#import-problems')).toContain('Line 7: refunded is more than the amount');
    expect(await customers()).toBe(before);

    // A double click sends one request: the button is disabled while it runs.
    await oneMutation(page, 'POST /admin/imports/:id/confirmation', () =>
      page.dblclick('button:has-text("Import now")'),
    );
    await page.waitForSelector('#flash >> text=Imported.');
    expect(await page.textContent('#import-report')).toContain('Created: 1 customers');
    expect(await page.locator('button:has-text("Import now")').count()).toBe(0);
    expect(await customers()).toBe(before + 1);
    expect(await h.t.deps.db('customers').where({ email: 'gen1@old-crm.test' }).first()).toMatchObject({
      first_name: 'Gen',
    });
  });
});
