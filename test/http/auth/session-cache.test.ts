import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createTestApp, signIn, startContainer, type Container, type TestApp } from '../../support/app';

/** Statements the container's session store sends (it talks to its own pool, not knex). */
function sessionReads(c: Container) {
  const seen: string[] = [];
  const query = c.sessionPool.query.bind(c.sessionPool) as (...args: unknown[]) => unknown;
  (c.sessionPool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    seen.push(String(args[0]));
    return query(...args);
  };
  return seen;
}

/** The session cookie an agent holds, to present it to another container. */
function sessionCookie(agent: TestAgent): string {
  const jar = (agent as unknown as { jar: { getCookie(name: string, access: object): { value: string } | undefined } })
    .jar;
  const c = jar.getCookie('cd.sid', { domain: '127.0.0.1', path: '/', secure: false, script: false });
  if (!c) throw new Error('no session cookie');
  return `cd.sid=${c.value}`;
}

type Answer = { status: number; headers: Record<string, string> };
const signedOut = (res: Answer) => res.status === 303 && res.headers.location === '/login';
/** A page the user may not open sends them to the dashboard (guard.ts). */
const refused = (res: Answer) => res.status === 303 && res.headers.location === '/';

describe('a container keeps the sessions it read until it hears of a change', () => {
  let t: TestApp;
  let other: Container; // a second container on the same database, as when ops run several
  beforeAll(async () => {
    t = await createTestApp();
    other = await startContainer(t.deps, t.database.url);
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  it('the second signed-in page view reads no session from the database', async () => {
    const { agent } = await signIn(t.app, 'agent@example.com');
    const seen = sessionReads(t);
    expect((await agent.get('/customers')).status).toBe(200);
    expect((await agent.get('/')).status).toBe(200);
    expect(seen).toEqual([]);
  });

  it('a logout in one container ends the session in the other at once', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const there = () => request(other.app).get('/customers').set('Cookie', sessionCookie(agent));
    expect((await there()).status).toBe(200);
    expect((await there()).status).toBe(200); // now kept in the other container's memory
    expect((await agent.post('/logout').type('form').send({ _csrf: csrf })).status).toBe(303);
    expect(signedOut(await there())).toBe(true);
  });

  it('a changed role or a disabled user is seen by the other container on its next request', async () => {
    const { agent } = await signIn(t.app, 'lead@example.com');
    const there = (path: string) => request(other.app).get(path).set('Cookie', sessionCookie(agent));
    expect((await there('/qa')).status).toBe(200);
    await t.deps.db('users').where({ email: 'lead@example.com' }).update({ role: 'agent' });
    expect(refused(await there('/qa'))).toBe(true);
    await t.deps.db('users').where({ email: 'lead@example.com' }).update({ disabled_at: new Date() });
    expect(signedOut(await there('/customers'))).toBe(true);
    await t.deps.db('users').where({ email: 'lead@example.com' }).update({ disabled_at: null, role: 'cs_admin' });
  });

  it('100 role changes: both containers follow every one on the very next request', async () => {
    const { agent } = await signIn(t.app, 'lead@example.com');
    const cookie = sessionCookie(agent);
    const both = () => Promise.all([t.app, other.app].map((app) => request(app).get('/qa').set('Cookie', cookie)));
    const user = () => t.deps.db('users').where({ email: 'lead@example.com' });
    for (let i = 0; i < 100; i++) {
      const role = i % 2 ? 'cs_admin' : 'agent';
      await user().update({ role });
      for (const res of await both()) expect(role === 'agent' ? refused(res) : res.status === 200).toBe(true);
    }
  }, 60_000);

  it('while its connection is lost a container reads every session from the database, then listens again', async () => {
    const { agent } = await signIn(t.app, 'agent@example.com');
    await agent.get('/');
    await t.deps.db.raw(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'continuity-desk session cache'",
    );
    await waitFor(() => !t.sessionCache.serving);
    const seen = sessionReads(t);
    await agent.get('/');
    await agent.get('/');
    expect(seen.length).toBe(2);
    await waitFor(() => t.sessionCache.serving);
    // Listening again: a change is heard as before.
    await agent.get('/');
    await t.deps.db('users').where({ email: 'agent@example.com' }).update({ disabled_at: new Date() });
    expect(signedOut(await agent.get('/'))).toBe(true);
    await t.deps.db('users').where({ email: 'agent@example.com' }).update({ disabled_at: null });
  });
});

describe('SessionCache', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ demo: false })));
  afterAll(() => t.close());
  const session = { sess: '{}', user: null, userId: 7, expiresAt: Date.now() + 60_000 };

  it('does not keep a read that began before a change was heard', () => {
    const mark = t.sessionCache.mark();
    t.sessionCache.heard('u:99');
    t.sessionCache.keep('a', session, mark);
    expect(t.sessionCache.get('a')).toBeUndefined();
    t.sessionCache.keep('a', session, t.sessionCache.mark());
    expect(t.sessionCache.get('a')).toBeDefined();
  });

  it("forgets a session by its id, every session of a user, everything on '*', and an expired one", () => {
    const keep = (sid: string, over: Partial<typeof session> = {}) =>
      t.sessionCache.keep(sid, { ...session, ...over }, t.sessionCache.mark());
    keep('a');
    keep('b');
    keep('c', { userId: 8 });
    t.sessionCache.heard('s:a');
    expect(t.sessionCache.get('a')).toBeUndefined();
    t.sessionCache.heard('u:7');
    expect(t.sessionCache.get('b')).toBeUndefined();
    expect(t.sessionCache.get('c')).toBeDefined();
    t.sessionCache.heard('*');
    expect(t.sessionCache.get('c')).toBeUndefined();
    keep('d', { expiresAt: Date.now() - 1 });
    expect(t.sessionCache.get('d')).toBeUndefined();
    keep('e');
    expect(t.sessionCache.get('e', Date.now() + 61_000)).toBeUndefined(); // read again after a minute regardless
  });
});

async function waitFor(ok: () => boolean, ms = 10_000) {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
