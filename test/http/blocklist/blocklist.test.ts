import { createTestApp, signIn, type TestApp } from '../../support/app';

describe('blocklist pages', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const htmx = { 'HX-Request': 'true' };

  it('the agent sees no Blacklist button and a forged POST is refused, writing nothing', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const rita = await t.deps.db('customers').where({ email: 'rita.recycling@example.com' }).first();
    expect((await agent.get(`/customers/${rita.id}`)).text).not.toContain('Blacklist customer');
    const res = await agent
      .post(`/customers/${rita.id}/blacklisting`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ reason: 'forged' });
    expect(res.status).toBe(403);
    expect(await t.deps.db('blocklist_entries').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('the cs_admin blacklists a customer; the profile says so and why; lifting it clears it', async () => {
    const { agent, csrf } = await signIn(t.app, 'lead@example.com');
    const rita = await t.deps.db('customers').where({ email: 'rita.recycling@example.com' }).first();
    expect((await agent.get(`/customers/${rita.id}`)).text).toContain('Blacklist customer');
    const res = await agent
      .post(`/customers/${rita.id}/blacklisting`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ reason: 'Chargeback abuse' });
    expect(res.headers['hx-redirect']).toBe(`/customers/${rita.id}`);
    const page = await agent.get(`/customers/${rita.id}`);
    expect(page.text).toContain('Blacklisted — Chargeback abuse');
    expect(page.text).toContain('now block new charges');
    expect(
      await t.deps.db('blocklist_entries').where({ customer_id: rita.id }).whereNull('lifted_at').pluck('type'),
    ).toEqual(expect.arrayContaining(['email', 'phone', 'address', 'card_fingerprint']));
    await agent.delete(`/customers/${rita.id}/blacklisting`).set(htmx).set('X-CSRF-Token', csrf);
    expect((await agent.get(`/customers/${rita.id}`)).text).not.toContain('id="blacklisted"');
  });

  it('the blocklist page adds, searches, imports and lifts entries', async () => {
    const { agent, csrf } = await signIn(t.app, 'lead@example.com');
    const bad = await agent
      .post('/admin/blocklist')
      .type('form')
      .send({ _csrf: csrf, type: 'email', value: 'nope', reason: 'x' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('That is not a valid email.');
    await agent
      .post('/admin/blocklist')
      .type('form')
      .send({ _csrf: csrf, type: 'ip', value: '203.0.113.9', reason: 'Card testing' });
    expect((await agent.get('/admin/blocklist?q=card testing')).text).toContain('203.0.113.9');
    const imported = await agent
      .post('/admin/blocklist/imports')
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .attach('file', Buffer.from('type,value,reason\ncountry,XX1,bad\ncountry,RU,High risk\n'), 'list.csv');
    expect(imported.text).toContain('Imported 1; refused 1.');
    expect(imported.text).toContain('Line 2 (country,XX1,bad)');
    const entry = await t.deps.db('blocklist_entries').where({ type: 'ip' }).first();
    await agent.delete(`/admin/blocklist/${entry.id}`).set(htmx).set('X-CSRF-Token', csrf);
    expect((await t.deps.db('blocklist_entries').where({ id: entry.id }).first()).lifted_at).not.toBeNull();
  });
});
