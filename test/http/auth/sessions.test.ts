import request from 'supertest';
import { createTestApp, csrfFrom, signIn, type TestApp } from '../../support/app';

/** Every session row as text, and the flash table's size: equal snapshots mean nothing was written. */
async function snapshot(t: TestApp) {
  const { rows } = await t.deps.db.raw(
    `SELECT count(*)::int AS n, max(expire) AS last_expire,
            md5(coalesce(string_agg(sid || expire::text || sess::text, ',' ORDER BY sid), '')) AS digest,
            (SELECT count(*)::int FROM flash_messages) AS flashes
       FROM sessions`,
  );
  return rows[0] as { n: number; last_expire: Date | null; digest: string; flashes: number };
}

async function inBatches(n: number, batch: number, send: (i: number) => Promise<unknown>) {
  for (let i = 0; i < n; i += batch)
    await Promise.all(Array.from({ length: Math.min(batch, n - i) }, (_, k) => send(i + k)));
}

describe('sessions write nothing on a page view', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('1,000 anonymous requests (/healthz, /login, static files, a guarded page) leave the sessions table as it was', async () => {
    await signIn(t.app, 'agent@example.com'); // one real session row, which must stay untouched too
    const before = await snapshot(t);
    const paths = ['/healthz', '/login', '/public/app.css', '/customers'];
    const cookies = new Set<string>();
    await inBatches(1000, 20, async (i) => {
      const res = await request(t.app).get(paths[i % paths.length]);
      expect(res.status).toBeLessThan(400);
      for (const c of (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [])
        cookies.add(c.split('=')[0]);
    });
    expect(await snapshot(t)).toEqual(before);
    expect([...cookies].sort()).toEqual(['cd.csrf', 'cd.return']); // never a session cookie
  }, 120_000);

  it('an anonymous login form still works: the CSRF token is bound to its cookie, not a stored session', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/login');
    const stranger = await request(t.app).get('/login');
    // A token from another visitor's page is refused.
    expect(
      (
        await agent
          .post('/login')
          .type('form')
          .send({ email: 'agent@example.com', password: 'demo-password', _csrf: csrfFrom(stranger.text) })
      ).status,
    ).toBe(403);
    const ok = await agent
      .post('/login')
      .type('form')
      .send({ email: 'agent@example.com', password: 'demo-password', _csrf: csrfFrom(page.text) });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/');
  });

  it('signed-in page views do not write the session row, which keeps the expiry set at login (12 h)', async () => {
    const loginAt = Date.now();
    const { agent, csrf } = await signIn(t.app, 'lead@example.com');
    const sid = async () =>
      await t.deps
        .db('sessions')
        .whereRaw("sess->'passport'->>'user' = (SELECT id::text FROM users WHERE email = 'lead@example.com')")
        .orderBy('expire', 'desc')
        .first();
    const row = await sid();
    expect(Math.abs(new Date(row.expire).getTime() - (loginAt + 12 * 3600 * 1000))).toBeLessThan(60_000);
    const before = await snapshot(t);
    for (const path of ['/', '/customers', '/refund-queue', '/admin/blocklist', '/account/password']) {
      expect((await agent.get(path)).status).toBe(200);
    }
    expect(await snapshot(t)).toEqual(before);
    // A mutation with a flash message does not extend or rewrite the session either.
    await agent
      .post('/admin/blocklist')
      .type('form')
      .send({ _csrf: csrf, type: 'ip', value: '198.51.100.77', reason: 'Session test' });
    const after = await sid();
    expect(after.sid).toBe(row.sid);
    expect(JSON.stringify(after)).toBe(JSON.stringify(row));
  });

  it('parallel requests each setting a flash: the next page shows every message exactly once', async () => {
    const { agent, csrf } = await signIn(t.app, 'lead@example.com');
    const values = Array.from({ length: 12 }, (_, i) => `192.0.2.${i + 10}`);
    const answers = await Promise.all(
      values.map((value) =>
        agent.post('/admin/blocklist').type('form').send({ _csrf: csrf, type: 'ip', value, reason: 'Parallel' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(values.map(() => 303));
    const page = await agent.get('/');
    for (const value of values) expect(page.text.split(`Blocked ip address ${value}.`).length - 1).toBe(1);
    const again = await agent.get('/');
    for (const value of values) expect(again.text).not.toContain(`Blocked ip address ${value}.`);
    expect(
      await t.deps.db('flash_messages').where('text', 'like', 'Blocked ip address 192.0.2.%').count({ n: '*' }).first(),
    ).toEqual({ n: 0 });
  });
});

describe('login throttle', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('counts failures by the normalised email: spaces and capitals do not start a fresh count', async () => {
    const agent = request.agent(t.app);
    const csrf = csrfFrom((await agent.get('/login')).text);
    const spellings = ['agent@example.com', ' agent@example.com ', 'AGENT@example.com', '\tAgent@Example.com'];
    for (let i = 0; i < 10; i++) {
      const res = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrf, email: spellings[i % spellings.length], password: 'wrong' });
      expect(res.status).toBe(401);
    }
    const blocked = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrf, email: ' Agent@example.com ', password: 'demo-password' });
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('Too many failed attempts');
    // Another email from the same address still gets its own count.
    const other = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrf, email: 'lead@example.com', password: 'demo-password' });
    expect(other.status).toBe(303);
  });
});
