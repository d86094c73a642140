import request from 'supertest';
import { createTestApp, csrfFrom, signIn, type TestApp } from '../../support/app';

describe('login and logout', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('signs in with the right password, stores the session in PostgreSQL, and shows the dashboard', async () => {
    const { agent } = await signIn(t.app, 'agent@example.com');
    const res = await agent.get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Ava Agent');
    expect(res.text).toContain('Customer Service Agent');
    expect(res.text).not.toMatch(/>Admin</);
    const sessions = await t.deps.db('sessions').select('sess');
    expect(sessions.some((s) => (s.sess as { passport?: { user?: number } }).passport?.user)).toBe(true);
  });

  it('refuses a wrong password with a message and no session', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ email: 'agent@example.com', password: 'nope', _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(401);
    expect(res.text).toContain('Wrong email or password.');
    expect((await agent.get('/')).headers.location).toBe('/login');
  });

  it('refuses a login without a CSRF token', async () => {
    const res = await request(t.app)
      .post('/login')
      .type('form')
      .send({ email: 'agent@example.com', password: 'demo-password' });
    expect(res.status).toBe(403);
  });

  it('returns to the page asked for before login', async () => {
    const agent = request.agent(t.app);
    await agent.get('/admin/test-cards');
    const page = await agent.get('/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ email: 'owner@example.com', password: 'demo-password', _csrf: csrfFrom(page.text) });
    expect(res.headers.location).toBe('/admin/test-cards');
  });

  it('signs out and ends the session', async () => {
    const { agent, csrf } = await signIn(t.app, 'lead@example.com');
    const res = await agent.post('/logout').type('form').send({ _csrf: csrf });
    expect(res.headers.location).toBe('/login');
    expect((await agent.get('/')).headers.location).toBe('/login');
  });

  it("ends a disabled user's session at once", async () => {
    const { agent } = await signIn(t.app, 'lead@example.com');
    await t.deps.db('users').where({ email: 'lead@example.com' }).update({ disabled_at: new Date() });
    expect((await agent.get('/')).headers.location).toBe('/login');
    await t.deps.db('users').where({ email: 'lead@example.com' }).update({ disabled_at: null });
  });

  it('answers /healthz without login', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('sends security headers', async () => {
    const res = await request(t.app).get('/login');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
