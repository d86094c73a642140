import request from 'supertest';
import { createTestApp, csrfFrom, signIn, type TestApp } from '../../support/app';

describe('users admin', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const htmx = { 'HX-Request': 'true' };
  const user = (email: string) => t.deps.db('users').where({ email }).first();

  it('creates a user whose first password must be changed at first login', async () => {
    const { agent, csrf } = await signIn(t.app, 'owner@example.com');
    const bad = await agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: csrf, name: '', email: 'x', role: 'agent', password: 'short' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('The first password needs at least 10 characters.');
    const res = await agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: csrf, name: 'Nia New', email: 'nia@example.com', role: 'agent', password: 'first-password-1' });
    expect(res.headers.location).toBe('/admin/users');
    expect(await user('nia@example.com')).toMatchObject({ role: 'agent', must_change_password: true });
    const dup = await agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: csrf, name: 'Nia Again', email: 'NIA@example.com', role: 'agent', password: 'first-password-1' });
    expect(dup.text).toContain('This email already has an account.');

    const nia = request.agent(t.app);
    const page = await nia.get('/login');
    const login = await nia
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: 'nia@example.com', password: 'first-password-1' });
    expect(login.headers.location).toBe('/account/password');
    expect((await nia.get('/customers')).headers.location).toBe('/account/password');
  });

  it('changes a role, disables (ending the sessions at once) and enables again', async () => {
    const { agent, csrf } = await signIn(t.app, 'owner@example.com');
    const lead = await user('lead@example.com');
    const leadSession = await signIn(t.app, 'lead@example.com');
    await agent
      .patch(`/admin/users/${lead.id}`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ role: 'agent' });
    expect((await user('lead@example.com')).role).toBe('agent');
    const off = await agent
      .patch(`/admin/users/${lead.id}`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ disabled: '1' });
    expect(off.headers['hx-redirect']).toBe('/admin/users');
    expect((await user('lead@example.com')).disabled_at).not.toBeNull();
    expect((await leadSession.agent.get('/')).headers.location).toBe('/login');
    await agent
      .patch(`/admin/users/${lead.id}`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ disabled: '0', role: 'cs_admin' });
    expect(await user('lead@example.com')).toMatchObject({ disabled_at: null, role: 'cs_admin' });
    expect(await t.deps.db('events').where({ kind: 'user.changed' }).count({ n: '*' }).first()).toEqual({ n: 3 });
  });

  it('protects the owner and refuses self-lockout', async () => {
    const owner = await user('owner@example.com');
    const [second] = await t.deps
      .db('users')
      .insert({ email: 'admin2@example.com', name: 'Second Admin', role: 'admin', password_hash: owner.password_hash })
      .returning('id');
    const { agent, csrf } = await signIn(t.app, 'admin2@example.com');
    await agent
      .patch(`/admin/users/${owner.id}`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ role: 'agent' });
    await agent
      .patch(`/admin/users/${owner.id}`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ disabled: '1' });
    await agent.delete(`/admin/users/${owner.id}`).set(htmx).set('X-CSRF-Token', csrf);
    expect(await user('owner@example.com')).toMatchObject({ role: 'admin', disabled_at: null });
    await agent
      .patch(`/admin/users/${second.id}`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ role: 'agent' });
    expect((await user('admin2@example.com')).role).toBe('admin');
    expect((await agent.get('/admin/users')).text).toContain('The owner cannot be demoted or disabled.');
  });

  it('deletes only a user who never acted; one who did is kept (disable instead)', async () => {
    const { agent, csrf } = await signIn(t.app, 'owner@example.com');
    const nia = await user('nia@example.com');
    const agentUser = await user('agent@example.com');
    await t.deps.db('events').insert({
      actor_kind: 'user',
      actor_user_id: agentUser.id,
      actor_name: 'Ava Agent',
      kind: 'x',
      summary: 'acted',
    });
    await agent.delete(`/admin/users/${agentUser.id}`).set(htmx).set('X-CSRF-Token', csrf);
    expect(await user('agent@example.com')).toBeDefined();
    expect((await agent.get('/admin/users')).text).toContain(
      'has acted on records, so the account is kept: disable it instead.',
    );
    await agent.delete(`/admin/users/${nia.id}`).set(htmx).set('X-CSRF-Token', csrf);
    expect(await user('nia@example.com')).toBeUndefined();
  });
});
