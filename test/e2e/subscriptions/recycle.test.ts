import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('recycle billing profiles (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());
  const db = () => h.t.deps.db;

  it('the admin edits the standard profile (a bad delay is refused) and adds a discounting one for a product', async () => {
    const page = await h.signedIn('owner@example.com');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/admin/recycle-profiles');
    const standard = await db()('recycle_profiles').where({ is_default: true }).first();
    const card = page.locator(`#recycle-profile-${standard.id}`);
    await card.locator('input[name=delay_days_2]').fill('45');
    expect(
      (
        await oneMutation(page, 'PATCH /admin/recycle-profiles/:id', () => card.locator('button[type=submit]').click())
      ).status(),
    ).toBe(422);
    expect(await page.textContent(`#profile${standard.id}-delay_days_2-error`)).toBe('Enter a delay of 1 to 30 days.');
    expect((await db()('recycle_profiles').where({ id: standard.id }).first()).attempts).toHaveLength(2);

    await page.locator(`#recycle-profile-${standard.id} input[name=delay_days_2]`).fill('3');
    expect(
      (
        await oneMutation(page, 'PATCH /admin/recycle-profiles/:id', () =>
          page.locator(`#recycle-profile-${standard.id} button[type=submit]`).click(),
        )
      ).status(),
    ).toBe(303);
    await page.waitForSelector('#flash >> text=Saved the recycle profile Standard.');
    expect(
      (await db()('recycle_profiles').where({ id: standard.id }).first()).attempts.map(
        (a: { delay_days: number }) => a.delay_days,
      ),
    ).toEqual([1, 1, 3]);

    const product = await db()('products').where({ kind: 'continuity' }).orderBy('id').first();
    const fresh = page.locator('#recycle-profile-new');
    await fresh.locator('input[name=name]').fill('Win-back');
    await fresh.locator('input[name=delay_days_0]').fill('2');
    await fresh.locator('input[name=reduction_0]').fill('20%');
    await fresh.locator('input[name=min_price_0]').fill('19.95');
    await fresh.locator(`input[name=product_ids][value="${product.id}"]`).check();
    expect(
      (
        await oneMutation(page, 'POST /admin/recycle-profiles', () => fresh.locator('button[type=submit]').click())
      ).status(),
    ).toBe(303);
    await page.waitForSelector('h2 >> text=Win-back');
    const winBack = await db()('recycle_profiles').where({ name: 'Win-back' }).first();
    expect(winBack.attempts).toEqual([
      { delay_days: 2, reduction: { kind: 'percent', percent: 20 }, min_price_cents: 1995 },
    ]);
    expect((await db()('products').where({ id: product.id }).first()).recycle_profile_id).toBe(winBack.id);
    expect(await db()('events').where({ kind: 'recycle_profile.created' }).first()).toMatchObject({
      actor_name: 'Olivia Owner',
    });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the admin deletes an unused profile; the default one offers no delete, one in use is refused with why', async () => {
    const page = await h.signedIn('owner@example.com');
    page.on('dialog', (d) => d.accept());
    const [unused] = await db()('recycle_profiles').insert({ name: 'Old test' }).returning('id');
    const [used] = await db()('recycle_profiles').insert({ name: 'In use' }).returning('id');
    const product = await db()('products').where({ kind: 'continuity' }).orderBy('id', 'desc').first();
    await db()('products').where({ id: product.id }).update({ recycle_profile_id: used.id });
    await page.goto('/admin/recycle-profiles');
    const standard = await db()('recycle_profiles').where({ is_default: true }).first();
    expect(await page.locator(`#recycle-profile-${standard.id} button:text-is("Delete profile")`).count()).toBe(0);
    expect(
      (
        await oneMutation(page, 'DELETE /admin/recycle-profiles/:id', () =>
          page.locator(`#recycle-profile-${used.id} button:text-is("Delete profile")`).click(),
        )
      ).status(),
    ).toBe(422);
    await page.waitForSelector('[role=alert] >> text=In use cannot be deleted: 1 product(s) use it');
    expect(
      (
        await oneMutation(page, 'DELETE /admin/recycle-profiles/:id', () =>
          page.locator(`#recycle-profile-${unused.id} button:text-is("Delete profile")`).click(),
        )
      ).status(),
    ).toBe(303);
    await page.waitForSelector('#flash >> text=Deleted the recycle profile Old test.');
    expect(await db()('recycle_profiles').where({ id: unused.id }).first()).toBeUndefined();
    expect(await db()('recycle_profiles').where({ id: used.id }).first()).toBeTruthy();
    await page.context().close();
  });

  it('the purchase page shows a recycling subscription, its next retry and its last decline', async () => {
    const p = await db()('purchases').where({ status: 'recycling' }).first();
    await db()('purchases').where({ id: p.id }).update({ recycle_attempts: 1, next_bill_date: '2030-01-02' });
    const page = await h.signedIn('agent@example.com');
    await page.goto(`/purchases/${p.id}`);
    const text = await page.textContent('[data-recycle]');
    expect(text).toMatch(/Recycling: retry 1 of \d on 2030-01-02 at \$/);
    expect(text).toContain('Profile ');
    await page.context().close();
  });
});
