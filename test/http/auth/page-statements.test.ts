import { createTestApp, signIn, type TestApp } from '../../support/app';

/** The app's statements (through knex) that mention `table`. */
function queriesOf(t: TestApp, table: string) {
  const seen: string[] = [];
  t.deps.db.on('query', (q: { sql: string }) => {
    if (q.sql.includes(table)) seen.push(q.sql);
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
    const seen = queriesOf(t, 'flash_messages');
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

describe('the signed-in user is read with the session, in one statement', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('a page view reads no user row of its own, and disabling the user still ends the session at once', async () => {
    const { agent } = await signIn(t.app, 'agent@example.com');
    // A statement reading users itself (the search page's segments may join users for their owners' names).
    const seen = queriesOf(t, 'from "users"');
    const page = await agent.get('/customers');
    expect(page.status).toBe(200);
    expect(seen).toEqual([]);

    await t.deps.db('users').where({ email: 'agent@example.com' }).update({ disabled_at: new Date() });
    const after = await agent.get('/customers');
    expect(after.status).toBe(303);
    expect(after.headers.location).toBe('/login');
    await t.deps.db('users').where({ email: 'agent@example.com' }).update({ disabled_at: null });
  });
});

describe('a page view writes nothing', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('the pages an agent reads most run no INSERT, UPDATE or DELETE', async () => {
    const { agent } = await signIn(t.app, 'owner@example.com');
    const customer = await t.deps.db('customers').orderBy('id').first();
    const order = await t.deps.db('orders').where({ customer_id: customer.id }).first();
    const pages = ['/', '/customers', `/customers?name=${customer.first_name}`, `/customers/${customer.id}`];
    pages.push(
      `/customers/${customer.id}/subscriptions`,
      `/orders/${order.public_id}`,
      '/refund-queue',
      '/admin/events',
    );
    // The first pass may count the dashboard's figures for the first time ever (a job's work, done once).
    for (const path of pages) expect([path, (await agent.get(path)).status]).toEqual([path, 200]);
    const writes: string[] = [];
    t.deps.db.on('query', (q: { sql: string }) => {
      if (/^\s*(insert|update|delete)\b/i.test(q.sql)) writes.push(q.sql);
    });
    for (const path of pages) expect([path, (await agent.get(path)).status]).toEqual([path, 200]);
    expect(writes).toEqual([]);
  });
});
