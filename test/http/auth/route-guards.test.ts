import request from 'supertest';
import { can, PERMISSIONS, ROLES, type Role } from '../../../src/auth/permissions';
import { routes } from '../../../src/routes';
import { createTestApp, signIn, type TestApp } from '../../support/app';

/** Generated from the route table: a new route is covered without editing this file. */
const concrete = (path: string) => path.replace(/:[a-zA-Z]+/g, '1');
const isPage = (method: string) => method === 'get';
const EMAILS: Record<Role, string> = {
  agent: 'agent@example.com',
  cs_admin: 'lead@example.com',
  admin: 'owner@example.com',
};
const PUBLIC = ['get /login', 'post /login', 'get /healthz', 'get /cancel', 'post /cancel'];
/** The customer's own pages: no login, the link's token in the path is what opens them (src/portal/access.ts). */
const isPortal = (path: string) => path === '/portal/:token' || path.startsWith('/portal/:token/');

async function rowCounts(t: TestApp): Promise<string> {
  const tables = [
    'customers',
    'orders',
    'transactions',
    'purchases',
    'fulfillments',
    'history_entries',
    'events',
    'users',
    'blocklist_entries',
    'refund_queue',
    'email_outbox',
    'notify_emails',
  ];
  const counts = await Promise.all(tables.map((name) => t.deps.db(name).count({ n: '*' }).first()));
  const users = await t.deps.db('users').select('password_hash', 'role', 'disabled_at').orderBy('id');
  return JSON.stringify([counts, users]);
}

describe('route guards', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('every route names a known permission; only login, healthz and click-to-cancel are public', () => {
    for (const r of routes)
      expect(r.permission === 'public' || r.permission === 'portal' || PERMISSIONS.includes(r.permission)).toBe(true);
    expect(
      routes
        .filter((r) => r.permission === 'public')
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual([...PUBLIC].sort());
  });

  it("'portal' marks exactly the routes under /portal/:token", () => {
    expect(routes.filter((r) => r.permission === 'portal').map((r) => r.path)).toEqual(
      routes.filter((r) => isPortal(r.path)).map((r) => r.path),
    );
  });

  const portal = routes.filter((r) => r.permission === 'portal');
  it.each(portal.map((r) => [r.method, r.path]))(
    'logged out, %s %s with a token that is not a link is 404 and writes nothing',
    async (method, path) => {
      const before = await rowCounts(t);
      const res = await request(t.app)[method as 'get'](concrete(path).replace('/1', `/${'A'.repeat(59)}`));
      expect(res.status).toBe(method === 'get' ? 404 : 403);
      expect(res.text).toContain(method === 'get' ? 'This link is not valid' : 'This form has expired');
      expect(await rowCounts(t)).toBe(before);
    },
  );

  const guarded = routes.filter(
    (r): r is typeof r & { permission: Exclude<typeof r.permission, 'public' | 'portal'> } =>
      r.permission !== 'public' && r.permission !== 'portal',
  );

  it.each(guarded.map((r) => [r.method, r.path]))('logged out, %s %s redirects to /login', async (method, path) => {
    const res = await request(t.app)[method as 'get'](concrete(path));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
  });

  it.each(guarded.filter((r) => r.method !== 'get').map((r) => [r.method, r.path]))(
    'signed in, %s %s without a CSRF token gets 403 and writes nothing',
    async (method, path) => {
      const { agent } = await signIn(t.app, EMAILS.admin);
      const before = await rowCounts(t);
      const res = await agent[method as 'post'](concrete(path))
        .type('form')
        .send({ email: 'x@example.com', reason: 'x', password: 'abcdefghijkl' });
      expect(res.status).toBe(403);
      expect(await rowCounts(t)).toBe(before);
    },
  );

  const refusals = ROLES.flatMap((role) =>
    guarded.filter((r) => !can(role, r.permission)).map((r) => [role, r.method, r.path] as const),
  );

  if (refusals.length) {
    it.each(refusals)('%s is refused %s %s and nothing is written', async (role, method, path) => {
      const { agent, csrf } = await signIn(t.app, EMAILS[role]);
      const before = await rowCounts(t);
      const res = await agent[method as 'get'](concrete(path)).set('X-CSRF-Token', csrf).type('form').send({});
      if (isPage(method)) {
        expect(res.status).toBe(303);
        expect(res.headers.location).toBe('/');
        const home = await agent.get('/');
        expect(home.text).toContain('You do not have access to that.');
      } else {
        expect(res.status).toBe(403);
        expect(res.text).toContain('You do not have access to that.');
      }
      expect(await rowCounts(t)).toBe(before);
    });

    it('an htmx request for a forbidden page gets 403 and a message fragment', async () => {
      const [role, , path] = refusals.find(([, m]) => m === 'get')!;
      const { agent } = await signIn(t.app, EMAILS[role]);
      const res = await agent.get(concrete(path)).set('HX-Request', 'true');
      expect(res.status).toBe(403);
      expect(res.text).toMatch(/^<div class="flash flash-error" role="alert">You do not have access to that/);
    });
  }
});
