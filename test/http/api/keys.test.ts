import express from 'express';
import request from 'supertest';
import { apiRouter } from '../../../src/api/router';
import { apiRoutes } from '../../../src/api/routes';
import { openApiDocument } from '../../../src/api/openapi';
import { SCOPES } from '../../../src/api/keys';
import { apiClient, checkAgainstDocument, newKey } from '../../support/api';
import { createTestApp, signIn, type TestApp } from '../../support/app';

describe('API keys, scopes, idempotency and problems', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('every route of the table has its path and method in the OpenAPI document, and nothing else is there', () => {
    const doc = openApiDocument();
    const routes = apiRoutes.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`).sort();
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(documented.sort()).toEqual(routes);
  });

  it('401 without a key or with a revoked one; a key never opens a page', async () => {
    const anon = apiClient(t.app, null);
    expect((await anon.get('/customers/1')).body.code).toBe('unauthenticated');
    const key = await newKey(t.deps.db);
    await t.deps.db('api_keys').update({ revoked_at: new Date() });
    expect((await apiClient(t.app, key).get('/customers/1')).body.code).toBe('invalid_key');
    const page = await request(t.app).get('/customers').set('Authorization', `Bearer ${key}`);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/login');
  });

  it.each(apiRoutes.map((r) => [r.method, r.path, r.scope] as const))(
    '403 missing scope: %s %s',
    async (method, path, scope) => {
      const key = await newKey(
        t.deps.db,
        SCOPES.filter((s) => s !== scope),
        'Narrow',
      );
      const url = path.replace(':id', '1');
      const res = await request(t.app)
        [method](`/api/v1${url}`)
        .set('Authorization', `Bearer ${key}`)
        .set('Idempotency-Key', 'scope-test-1')
        .send({});
      checkAgainstDocument(method, url, res);
      expect(res.body.code).toBe('missing_scope');
    },
  );

  it('403 from an address not in the list; last used is kept', async () => {
    const key = await newKey(t.deps.db, ['customers:read'], 'Office', ['203.0.113.0/24']);
    expect((await apiClient(t.app, key).get('/customers/1')).body.code).toBe('address_not_allowed');
    const open = await newKey(t.deps.db, ['customers:read'], 'Local', ['127.0.0.1', '::1']);
    expect((await apiClient(t.app, open).get('/customers/1')).status).toBe(200);
    expect((await t.deps.db('api_keys').where({ name: 'Local' }).first()).last_used_at).not.toBeNull();
  });

  it('replays the same key and body, refuses another body, requires a key on money-moving POSTs', async () => {
    const api = apiClient(t.app, await newKey(t.deps.db));
    const body = { first_name: 'Ida', email: 'ida@example.com' };
    const first = await api.post('/customers', body, 'same-key-0001');
    const replay = await api.post('/customers', body, 'same-key-0001');
    expect([first.status, replay.status]).toEqual([201, 201]);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((await api.post('/customers', { ...body, last_name: 'X' }, 'same-key-0001')).body.code).toBe(
      'idempotency_key_reused',
    );
    expect((await api.post('/orders', {})).body.code).toBe('idempotency_key_missing');
  });

  it('concurrent requests with one key place one order', async () => {
    const api = apiClient(t.app, await newKey(t.deps.db));
    const c = await t.deps.db('customers').orderBy('id').first();
    const body = {
      customer_id: c.id,
      items: [{ sku: 'EYE-CREAM-1', quantity: 1 }],
      payment: { type: 'card', number: '4111111111111111' },
    };
    const before = await t.deps.db('orders').count({ n: '*' }).first();
    const answers = await Promise.all([1, 2, 3].map(() => api.post('/orders', body, 'race-key-0001')));
    const placed = answers.filter((a) => a.status === 201);
    expect(placed.length).toBeGreaterThanOrEqual(1);
    expect(new Set(placed.map((a) => a.body.order.id)).size).toBe(1);
    expect(answers.every((a) => [201, 409].includes(a.status))).toBe(true);
    expect(Number((await t.deps.db('orders').count({ n: '*' }).first())!.n)).toBe(Number(before!.n) + 1);
  });

  it('429 with Retry-After past the per-key limit', async () => {
    const app = express().use('/api/v1', apiRouter(t.deps, { perMinute: 2 }));
    const key = await newKey(t.deps.db, ['customers:read']);
    const api = apiClient(app, key);
    await api.get('/customers/1');
    await api.get('/customers/1');
    const limited = await api.get('/customers/1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers malformed JSON, odd ids and unknown fields with 4xx problems', async () => {
    const key = await newKey(t.deps.db);
    const raw = await request(t.app)
      .post('/api/v1/customers')
      .set('Authorization', `Bearer ${key}`)
      .set('Content-Type', 'application/json')
      .send('{"first_name": ');
    checkAgainstDocument('post', '/customers', raw);
    expect(raw.status).toBe(400);
    const api = apiClient(t.app, key);
    expect((await api.get('/customers/1e3')).status).toBe(404);
    const unknown = await api.post('/customers', { first_name: 'A', email: 'a@example.com', password: 'x' });
    expect(unknown.body).toMatchObject({ status: 422, code: 'validation_failed' });
    const address = await api.post('/customers', {
      first_name: 'A',
      email: 'b@example.com',
      billing: { city: 'Berlin' },
    });
    expect(address.body.errors).toHaveProperty('billing_address1');
  });

  it('the admin creates a key (shown once) and revokes it', async () => {
    const { agent, csrf } = await signIn(t.app, 'owner@example.com');
    const res = await agent
      .post('/admin/api-keys')
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send('name=Fulfillment+house&scopes=fulfillments:write');
    expect(res.status).toBe(201);
    const key = /<code id="new-key-value"[^>]*>([^<]+)</.exec(res.text)![1];
    const row = await t.deps.db('api_keys').where({ name: 'Fulfillment house' }).first();
    expect(row.key_hash).not.toContain(key);
    expect((await agent.get('/admin/api-keys')).text).not.toContain(key);
    const bad = await agent
      .post('/admin/api-keys')
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send('name=&allowed_cidrs=nope');
    expect(bad.status).toBe(422);
    await agent.post(`/admin/api-keys/${row.id}/revocation`).set('X-CSRF-Token', csrf);
    expect((await apiClient(t.app, key).get('/purchases/1')).status).toBe(401);
  });
});
