import request from 'supertest';
import { apiRoutes } from '../../../src/api/routes';
import { checkAgainstDocument, newKey } from '../../support/api';
import { createTestApp, type TestApp } from '../../support/app';

/**
 * Generated from the API's route table: every route with odd ids and garbage bodies answers a 4xx
 * problem (never a 500, never a stack trace) that the OpenAPI document lists, and writes nothing.
 */
const ODD_IDS = ['1.5', '1e3', '-1', '0', '99999999999999999999', '%00', 'constructor', '__proto__'];
const BODIES: [string, string, string][] = [
  ['malformed json', 'application/json', '{"items": ['],
  ['text', 'text/plain', 'hello'],
  ['array', 'application/json', '[1,2,3]'],
  [
    'wrong types',
    'application/json',
    '{"first_name": 5, "items": "x", "payment": {"type": "card", "number": 4}, "status": "lost", "reason": []}',
  ],
  ['proto', 'application/json', '{"__proto__": {"admin": true}, "constructor": {"prototype": 1}}'],
  ['nul', 'application/json', '{"first_name": "a\\u0000b", "reason": "a\\u0000"}'],
  ['huge', 'application/json', JSON.stringify({ first_name: 'x'.repeat(200_000) })],
];
const LEAK = /\bat [\w.<>$]+ \(|\/work\/|node_modules|Error:/;

describe('the API never answers garbage with a 500', () => {
  let t: TestApp;
  let key: string;
  let generated = 0;
  beforeAll(async () => {
    t = await createTestApp();
    key = await newKey(t.deps.db);
  });
  afterAll(async () => {
    await t.close();
    process.stdout.write(`api robustness: ${apiRoutes.length} routes, ${generated} requests\n`);
  });

  const count = () =>
    t.deps.db.raw(
      'SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM transactions) + (SELECT count(*) FROM events) AS n',
    );

  it.each(apiRoutes.map((r) => [r.method, r.path] as const))('%s %s', async (method, path) => {
    const before = (await count()).rows[0].n;
    const ids = path.includes(':id') ? ODD_IDS : ['-'];
    for (const id of ids) {
      const url = path.replace(':id', encodeURIComponent(id).replace('%2500', '%00'));
      const bodies = method === 'get' ? [['query', '', ''] as [string, string, string]] : BODIES;
      for (const [name, type, body] of bodies) {
        let req = request(t.app)
          [method](`/api/v1${url}${method === 'get' ? '?cursor=%00&updated_since=2026-02-30&customer=1e3' : ''}`)
          .set('Authorization', `Bearer ${key}`)
          .set('Idempotency-Key', `garbage-${generated}`);
        if (type) req = req.set('Content-Type', type).send(body);
        const res = await req;
        generated++;
        expect([name, res.status < 500]).toEqual([name, true]);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.text).not.toMatch(LEAK);
        checkAgainstDocument(method, url, res);
      }
    }
    expect((await count()).rows[0].n).toBe(before);
  });
});
