import type { Page } from 'playwright-core';
import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('the blocklist and blacklisting a customer (Chromium)', () => {
  let h: BrowserHarness;
  let page: Page; // the lead, the lowest role with blocklist:manage, signed in once for both tests
  beforeAll(async () => {
    h = await startBrowserHarness();
    page = await h.signedIn('lead@example.com');
    page.on('dialog', (d) => d.accept());
  });
  afterAll(() => h.close());

  const db = () => h.t.deps.db;
  const active = () => db()('blocklist_entries').whereNull('lifted_at').orderBy('id');
  const lastEvent = (kind: string) => db()('events').where({ kind }).orderBy('id', 'desc').first();

  it('the lead blocks a value, lifts it, and imports a CSV', async () => {
    await page.click('header nav a:has-text("Blocklist")');
    await page.waitForSelector('h1 >> text=Blocklist');
    const before = await active();

    await page.selectOption('select[name=type]', 'ip');
    await page.fill('input[name=value]', 'not an address');
    await page.fill('input[name=reason]', 'Card testing');
    expect(
      (await oneMutation(page, 'POST /admin/blocklist', () => page.click('button:has-text("Block")'))).status(),
    ).toBe(422);
    expect(await page.textContent('#value-error')).toBe(
      'That is not a valid ip address. Use an IPv4 or IPv6 address, or a range like 203.0.113.0/24.',
    );
    expect(await page.inputValue('input[name=reason]')).toBe('Card testing');
    expect(await active()).toEqual(before);

    await page.selectOption('select[name=type]', 'email');
    await page.fill('input[name=value]', 'Fraud@Example.net');
    expect(
      (await oneMutation(page, 'POST /admin/blocklist', () => page.click('button:has-text("Block")'))).status(),
    ).toBe(303);
    await page.waitForSelector('#flash >> text=Blocked email Fraud@Example.net.');
    const entry = (await active()).at(-1);
    expect(entry).toMatchObject({
      type: 'email',
      value: 'fraud@example.net',
      display_value: 'Fraud@Example.net',
      reason: 'Card testing',
      customer_id: null,
    });
    await page.waitForSelector(`#entry-${entry.id} >> text=Leo Lead`);
    expect(await lastEvent('blocklist.added')).toMatchObject({
      actor_name: 'Leo Lead',
      summary: 'Blocked email Fraud@Example.net — Card testing',
    });

    await oneMutation(page, 'DELETE /admin/blocklist/:id', () =>
      page.click(`#entry-${entry.id} button:has-text("Lift")`),
    );
    await page.waitForSelector('#flash >> text=The block was lifted.');
    expect(await page.locator(`#entry-${entry.id}`).count()).toBe(0);
    expect((await db()('blocklist_entries').where({ id: entry.id }).first()).lifted_at).not.toBeNull();
    expect(await lastEvent('blocklist.lifted')).toMatchObject({
      subject_id: String(entry.id),
      summary: 'Lifted the block on email Fraud@Example.net',
    });

    const csv =
      'type,value,reason,expires\nip,203.0.113.9,Bot traffic,\ncountry,xx1,Typo,\ncard_bin,411111,Stolen batch,2099-12-31\n';
    await page.setInputFiles('input[aria-label="CSV file"]', {
      name: 'blocks.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    expect(
      (
        await oneMutation(page, 'POST /admin/blocklist/imports', () => page.click('button:has-text("Import")'))
      ).status(),
    ).toBe(200);
    await page.waitForSelector('#import-report >> text=Imported 2; refused 1.');
    expect(await page.textContent('#import-report')).toContain(
      'Line 3 (country,xx1,Typo,): That is not a valid country. Use the two-letter ISO code, like US.',
    );
    await page.waitForSelector('#blocklist >> text=203.0.113.9');
    expect((await active()).slice(before.length).map((e) => [e.type, e.value])).toEqual([
      ['ip', '203.0.113.9'],
      ['card_bin', '411111'],
    ]);
    expect(await lastEvent('blocklist.imported')).toMatchObject({
      summary: 'Imported 2 blocklist entries from CSV (1 line(s) refused)',
    });
  });

  it('the lead blacklists a customer from the profile and lifts it again', async () => {
    const rita = await db()('customers').where({ email: 'rita.recycling@example.com' }).first();
    await page.goto(`/customers/${rita.id}`);
    const ofRita = () => db()('blocklist_entries').where({ customer_id: rita.id }).whereNull('lifted_at');

    await page.click('summary:has-text("Blacklist customer")');
    await page.fill('.blacklist input[name=reason]', '   ');
    await oneMutation(page, 'POST /customers/:id/blacklisting', () => page.click('.blacklist button[type=submit]'));
    await page.waitForSelector('.flash-error >> text=Say why this customer is blacklisted.');
    expect(await ofRita()).toEqual([]);

    await page.click('summary:has-text("Blacklist customer")');
    await page.fill('.blacklist input[name=reason]', 'Chargeback abuse');
    await oneMutation(page, 'POST /customers/:id/blacklisting', () => page.click('.blacklist button[type=submit]'));
    await page.waitForSelector('#blacklisted >> text=Blacklisted — Chargeback abuse');
    const entries = await ofRita();
    expect(new Set(entries.map((e) => e.type))).toEqual(new Set(['email', 'phone', 'address', 'card_fingerprint']));
    expect(entries.every((e) => e.reason === 'Chargeback abuse' && e.created_by)).toBe(true);
    const n = entries.length;
    expect(await page.textContent('#flash')).toContain(
      `Blacklisted: ${n} entries (email, phone, addresses, cards) now block new charges.`,
    );
    await page.waitForSelector(
      `#history-list >> text=Blacklisted — Chargeback abuse (${n} entries: email, phone, addresses, cards)`,
    );

    await oneMutation(page, 'DELETE /customers/:id/blacklisting', () =>
      page.click('button:has-text("Lift blacklisting")'),
    );
    await page.waitForSelector(`#flash >> text=The blacklisting was lifted (${n} entries).`);
    expect(await page.locator('#blacklisted').count()).toBe(0);
    expect(await ofRita()).toEqual([]);
    await page.waitForSelector(`#history-list >> text=Lifted the blacklisting (${n} entries)`);
    expect(await page.isVisible('summary:has-text("Blacklist customer")')).toBe(true);
  });
});
