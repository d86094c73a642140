import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('API keys (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  it('the admin creates a key, sees it once, uses it with fetch, and revokes it', async () => {
    const db = h.t.deps.db;
    const page = await h.signedIn('owner@example.com');
    await page.goto('/admin/api-keys');

    // No scope chosen: the form again with the message, nothing written.
    await page.fill('input[name=name]', 'Storefront');
    expect(
      (await oneMutation(page, 'POST /admin/api-keys', () => page.click('button:has-text("Create key")'))).status(),
    ).toBe(422);
    expect(await page.textContent('#scopes-error')).toBe('Choose at least one scope.');
    expect(await db('api_keys').count({ n: '*' }).first()).toEqual({ n: 0 });

    await page.check('input[value="customers:write"]');
    await page.check('input[value="customers:read"]');
    expect(
      (await oneMutation(page, 'POST /admin/api-keys', () => page.click('button:has-text("Create key")'))).status(),
    ).toBe(201);
    const key = (await page.textContent('#new-key-value'))!.trim();
    expect(key).toMatch(/^cdk_/);
    expect(await page.textContent('#api-keys')).toContain('Storefront');

    const call = (body: object) =>
      fetch(`${h.baseUrl}/api/v1/customers`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const created = await call({ first_name: 'Fay', email: 'fay@example.com' });
    expect(created.status).toBe(201);
    expect(
      await db('events').where({ kind: 'customer.created', actor_name: 'Storefront' }).count({ n: '*' }).first(),
    ).toEqual({ n: 1 });

    await page.goto('/admin/api-keys');
    expect(await page.textContent('#api-keys')).not.toContain('never');
    expect(await page.content()).not.toContain(key);
    page.once('dialog', (d) => void d.accept());
    await oneMutation(page, 'POST /admin/api-keys/:id/revocation', () =>
      page.click('button[aria-label="Revoke Storefront"]'),
    );
    await page.waitForSelector('text=The key “Storefront” no longer works.');
    expect((await db('api_keys').first()).revoked_at).not.toBeNull();
    expect((await call({ first_name: 'Gus', email: 'gus@example.com' })).status).toBe(401);
  });
});
