import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('saved segments beside the search (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  it('an agent saves the current filters as a shared segment, renames it, a colleague opens its link, the owner deletes it', async () => {
    const page = await h.signedIn('agent@example.com');
    const db = h.t.deps.db;
    await page.goto('/customers');
    await page.waitForSelector('#segments >> text=Leads');

    // Nothing filtered yet: saving is refused with the reason, nothing written.
    await page.click('#segments summary >> text=Save these filters…');
    await page.fill('#segment-form input[name=segment_name]', 'Everyone');
    const refused = await oneMutation(page, 'POST /segments', () => page.click('#segment-form button[type=submit]'));
    expect(refused.status()).toBe(422);
    await page.waitForSelector('#segments [role=alert] >> text=Fill at least one search filter');
    expect(await db('saved_segments').count({ n: '*' }).first()).toEqual({ n: 0 });

    await page.fill('input[name=name]', 'quinn');
    await page.waitForSelector('#results >> text=Quinn Queue');
    await page.fill('#segment-form input[name=segment_name]', 'Quinns');
    await page.check('#segment-form input[name=shared]');
    const saved = await oneMutation(page, 'POST /segments', () => page.click('#segment-form button[type=submit]'));
    expect(saved.status()).toBe(201);
    await page.waitForSelector('#segments .segment >> text=Quinns');
    const row = await db('saved_segments').where({ name: 'Quinns' }).first();
    expect(row).toMatchObject({ shared: true, filters: { name: 'quinn' } });
    expect(
      await db('events')
        .where({ kind: 'segment.saved', subject_id: String(row.id) })
        .count({ n: '*' })
        .first(),
    ).toEqual({ n: 1 });

    // Rename: an empty name is refused in place, then the new name is kept.
    await page.click(`#segment-${row.id} summary`);
    await page.fill(`#segment-${row.id} input[name=segment_name]`, ' ');
    const bad = await oneMutation(page, 'PATCH /segments/:id', () =>
      page.click(`#segment-${row.id} button >> text=Rename`),
    );
    expect(bad.status()).toBe(422);
    await page.waitForSelector(`#segment-${row.id} .field-error >> text=Name the segment.`);
    await page.fill(`#segment-${row.id} input[name=segment_name]`, 'Quinn family');
    await oneMutation(page, 'PATCH /segments/:id', () => page.click(`#segment-${row.id} button >> text=Rename`));
    await page.waitForSelector('#segments a >> text=Quinn family');
    expect((await db('saved_segments').where({ id: row.id }).first()).name).toBe('Quinn family');

    // The shared link opens the same search for a colleague, who may not delete it.
    const lead = await h.signedIn('lead@example.com');
    await lead.goto(`/segments/${row.id}`);
    await lead.waitForSelector('#results >> text=Quinn Queue');
    expect(new URL(lead.url()).searchParams.get('name')).toBe('quinn');
    expect(await lead.locator(`#segment-${row.id} summary`).count()).toBe(0);
    await lead.context().close();

    page.on('dialog', (d) => d.accept());
    await page.click(`#segment-${row.id} summary`);
    await oneMutation(page, 'DELETE /segments/:id', () => page.click(`#segment-${row.id} button >> text=Delete`));
    await page.waitForSelector(`#segment-${row.id}`, { state: 'detached' });
    expect(await db('saved_segments').where({ id: row.id }).first()).toBeUndefined();
    await page.context().close();
  });
});
