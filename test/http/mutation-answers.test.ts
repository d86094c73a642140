import { routes } from '../../src/routes';
import { createTestApp, signIn, type TestApp } from '../support/app';

/**
 * Generated from the route table: no mutating route answers 301/302 (a browser repeats a PATCH or
 * DELETE on those, so one click acts again on every hop). Each mutating route is sent a plain form
 * and an htmx request, with an empty body and with a typical one, as the admin (who may do all).
 */
const concrete = (path: string) => path.replace(/:[a-zA-Z]+/g, '1');
const mutating = routes.filter((r) => r.method !== 'get');
const BODIES = [
  {},
  {
    reason: 'Customer request',
    amount: '1.00',
    note: 'x',
    email: 'x@example.com',
    name: 'X',
    role: 'agent',
    value: 'x@example.com',
    type: 'email',
  },
];

describe('how mutations answer', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it.each(mutating.map((r) => [r.method.toUpperCase(), r.path, r.method]))(
    '%s %s never answers 301/302',
    async (_m, path, method) => {
      const { agent, csrf } = await signIn(t.app, 'owner@example.com');
      for (const body of BODIES) {
        for (const htmx of [false, true]) {
          const req = agent[method as 'post'](concrete(path)).set('X-CSRF-Token', csrf).type('form');
          if (htmx) req.set('HX-Request', 'true');
          const res = await req.send(body);
          expect([301, 302, 307, 308]).not.toContain(res.status);
          if (res.status === 303) expect(htmx).toBe(false);
        }
      }
    },
  );
});
