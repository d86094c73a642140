import { createTestApp, signIn, type TestApp } from '../../support/app';

/** The page's statements that touch flash_messages, counted through knex's query event. */
function flashQueries(t: TestApp) {
  const seen: string[] = [];
  t.deps.db.on('query', (q: { sql: string }) => {
    if (q.sql.includes('flash_messages')) seen.push(q.sql);
  });
  return seen;
}

describe('flash messages are looked for only when one was stored', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('a page view with nothing flashed runs no flash statement; a stored message sets the flag, is shown once, and the flag goes', async () => {
    const { agent, csrf } = await signIn(t.app, 'lead@example.com');
    await agent.get('/'); // takes whatever signing in left
    const seen = flashQueries(t);
    await agent.get('/');
    await agent.get('/customers');
    expect(seen).toEqual([]);

    const stored = await agent
      .post('/admin/blocklist')
      .type('form')
      .send({ _csrf: csrf, type: 'ip', value: '192.0.2.77', reason: 'Flag' });
    expect(stored.status).toBe(303);
    expect(String(stored.headers['set-cookie'])).toContain('cd.flash=1');
    const page = await agent.get('/');
    expect(page.text).toContain('Blocked ip address 192.0.2.77.');
    expect(String(page.headers['set-cookie'])).toMatch(/cd\.flash=;/);
    seen.length = 0;
    const again = await agent.get('/');
    expect(again.text).not.toContain('Blocked ip address 192.0.2.77.');
    expect(seen).toEqual([]);
  });
});
