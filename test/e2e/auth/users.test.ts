import { verifyPassword } from '../../../src/auth/passwords';
import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('users and passwords (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  const user = (email: string) => h.t.deps.db('users').where({ email }).first();
  const events = (kind: string) => h.t.deps.db('events').where({ kind }).orderBy('id');

  it('the admin adds a user, who signs in, must choose a password, signs out; the admin changes the role, disables and deletes', async () => {
    const admin = await h.signedIn('owner@example.com');
    admin.on('dialog', (d) => d.accept());
    await admin.goto('/admin/users');
    const add = async (name: string, email: string, password: string) => {
      await admin.fill('form[action="/admin/users"] input[name=name]', name);
      await admin.fill('form[action="/admin/users"] input[name=email]', email);
      await admin.fill('form[action="/admin/users"] input[name=password]', password);
      await admin.selectOption('form[action="/admin/users"] select[name=role]', 'agent');
      return oneMutation(admin, 'POST /admin/users', () => admin.click('button:has-text("Add user")'));
    };

    // A taken email: the form again with the message, nothing written.
    const before = await h.t.deps.db('users').count({ n: '*' }).first();
    expect((await add('Copy Cat', 'AGENT@example.com', 'first-password-1')).status()).toBe(422);
    expect(await admin.textContent('#email-error')).toBe('This email already has an account.');
    expect(await admin.inputValue('form[action="/admin/users"] input[name=name]')).toBe('Copy Cat');
    expect(await h.t.deps.db('users').count({ n: '*' }).first()).toEqual(before);

    expect((await add('Nina New', 'nina@example.com', 'first-password-1')).status()).toBe(303);
    expect(await admin.textContent('#flash')).toContain('Nina New can now sign in with the password you chose');
    await admin.waitForSelector('#users >> text=nina@example.com');
    const nina = await user('nina@example.com');
    expect(nina).toMatchObject({ name: 'Nina New', role: 'agent', must_change_password: true, disabled_at: null });
    expect((await events('user.created')).at(-1)).toMatchObject({
      actor_name: 'Olivia Owner',
      subject_id: String(nina.id),
      summary: 'Created Nina New (nina@example.com) as Customer Service Agent',
    });
    await add('Otto Once', 'otto@example.com', 'first-password-2');
    const otto = await user('otto@example.com');

    // Nina signs in (the lowest role) and is sent to choose her own password first.
    const context = await h.browser.newContext({ baseURL: h.baseUrl });
    const page = await context.newPage();
    await page.goto('/login');
    await page.fill('input[name=email]', 'nina@example.com');
    await page.fill('input[name=password]', 'first-password-1');
    const login = await oneMutation(page, 'POST /login', () => page.click('button[type=submit]'));
    expect(login.status()).toBe(303);
    expect(new URL(page.url()).pathname).toBe('/account/password');
    expect(await page.textContent('.flash-info')).toBe('Choose your own password before you start.');

    const change = async (current: string, password: string, confirm: string) => {
      await page.fill('input[name=current]', current);
      await page.fill('input[name=password]', password);
      await page.fill('input[name=confirm]', confirm);
      return oneMutation(page, 'POST /account/password', () => page.click('button:has-text("Change password")'));
    };
    expect((await change('first-password-1', 'my-own-password', 'my-own-passw0rd')).status()).toBe(422);
    expect(await page.textContent('#confirm-error')).toBe('The two new passwords differ.');
    expect((await user('nina@example.com')).password_hash).toBe(nina.password_hash);

    expect((await change('first-password-1', 'my-own-password', 'my-own-password')).status()).toBe(303);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.textContent('#flash')).toContain('Your password has been changed.');
    const changed = await user('nina@example.com');
    expect(changed.must_change_password).toBe(false);
    expect(await verifyPassword('my-own-password', changed.password_hash)).toBe(true);
    expect((await events('user.password_changed')).at(-1)).toMatchObject({
      actor_user_id: nina.id,
      summary: 'Nina New changed their password',
    });

    const sessionsBefore = await h.t.deps
      .db('sessions')
      .whereRaw("(sess->'passport'->>'user')::bigint = ?", [nina.id])
      .count({ n: '*' })
      .first();
    expect(Number(sessionsBefore!.n)).toBe(1);
    await oneMutation(page, 'POST /logout', () => page.click('button:has-text("Sign out")'));
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.isVisible('input[name=password]')).toBe(true);
    const sessionsAfter = await h.t.deps
      .db('sessions')
      .whereRaw("(sess->'passport'->>'user')::bigint = ?", [nina.id])
      .count({ n: '*' })
      .first();
    expect(Number(sessionsAfter!.n)).toBe(0);
    await page.goto('/customers');
    expect(new URL(page.url()).pathname).toBe('/login'); // signed out for real
    await context.close();

    // The admin makes Nina a Customer Service Admin, then disables her (she has acted: no Delete button).
    await admin.reload();
    expect(await admin.locator(`#user-${nina.id} button:has-text("Delete")`).count()).toBe(0);
    await oneMutation(admin, 'PATCH /admin/users/:id', () =>
      admin.selectOption('select[aria-label="Role of Nina New"]', 'cs_admin'),
    );
    expect(await admin.textContent('#flash')).toContain('Saved.');
    expect(await admin.inputValue('select[aria-label="Role of Nina New"]')).toBe('cs_admin');
    expect((await user('nina@example.com')).role).toBe('cs_admin');
    expect((await events('user.changed')).at(-1)).toMatchObject({
      summary: 'Nina New: Role Customer Service Agent → Customer Service Admin',
    });

    await oneMutation(admin, 'PATCH /admin/users/:id', () =>
      admin.click(`#user-${nina.id} button:has-text("Disable")`),
    );
    await admin.waitForSelector(`#user-${nina.id} button:has-text("Enable")`);
    expect((await user('nina@example.com')).disabled_at).not.toBeNull();

    // Otto never acted: he can be deleted for good.
    await oneMutation(admin, 'DELETE /admin/users/:id', () =>
      admin.click(`#user-${otto.id} button:has-text("Delete")`),
    );
    expect(await admin.textContent('#flash')).toContain('The user was deleted.');
    expect(await admin.locator(`#user-${otto.id}`).count()).toBe(0);
    expect(await user('otto@example.com')).toBeUndefined();
    expect((await events('user.deleted')).at(-1)).toMatchObject({
      summary: 'Deleted the user Otto Once (otto@example.com)',
    });
    await admin.context().close();
  });
});
