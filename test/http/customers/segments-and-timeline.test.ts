import { createTestApp, signIn, type TestApp } from '../../support/app';

describe('segments, notes, mentions, calls and search rules over HTTP', () => {
  let t: TestApp;
  let taraId: number;
  beforeAll(async () => {
    t = await createTestApp();
    taraId = (await t.deps.db('customers').where({ email: 'tara.trial@example.com' }).first()).id;
  });
  afterAll(() => t.close());

  const db = () => t.deps.db;
  const htmx = { 'HX-Request': 'true' };
  const count = async (table: string) => Number((await db()(table).count({ n: '*' }).first())?.n);

  it('a private segment is nobody else’s; a shared one is changed only by its owner or an admin', async () => {
    const ava = await signIn(t.app, 'agent@example.com');
    const leo = await signIn(t.app, 'lead@example.com');
    const olivia = await signIn(t.app, 'owner@example.com');
    const save = (who: typeof ava, name: string, shared: boolean) =>
      who.agent
        .post('/segments')
        .set({ ...htmx, 'X-CSRF-Token': who.csrf })
        .type('form')
        .send({ segment_name: name, ...(shared ? { shared: '1' } : {}), segment: 'leads', tag: 'vip', after: '5' });
    expect((await save(ava, 'My leads', false)).status).toBe(201);
    expect((await save(ava, 'VIP leads', true)).status).toBe(201);
    const mine = await db()('saved_segments').where({ name: 'My leads' }).first();
    const shared = await db()('saved_segments').where({ name: 'VIP leads' }).first();
    expect(mine.filters).toEqual({ segment: 'leads', tag: 'vip' }); // the paging cursor is not kept

    expect((await leo.agent.get(`/segments/${mine.id}`)).status).toBe(404);
    const open = await leo.agent.get(`/segments/${shared.id}`);
    expect(open.status).toBe(302);
    expect(open.headers.location).toBe('/customers?tag=vip&segment=leads');

    const before = await count('events');
    const rename = await leo.agent
      .patch(`/segments/${shared.id}`)
      .set({ ...htmx, 'X-CSRF-Token': leo.csrf })
      .type('form')
      .send({ segment_name: 'Mine now' });
    expect(rename.status).toBe(403);
    expect(rename.text).toContain('Only its owner or an admin');
    expect(await count('events')).toBe(before);
    const tooLong = await ava.agent
      .patch(`/segments/${mine.id}`)
      .set({ ...htmx, 'X-CSRF-Token': ava.csrf })
      .type('form')
      .send({ segment_name: 'x'.repeat(81) });
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('A segment name has at most 80 characters.');

    const gone = await olivia.agent.delete(`/segments/${shared.id}`).set({ ...htmx, 'X-CSRF-Token': olivia.csrf });
    expect(gone.status).toBe(200);
    expect(await db()('saved_segments').where({ id: shared.id }).first()).toBeUndefined();
  });

  it('a note may link only its own customer’s records', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const other = await db()('transactions').whereNot({ customer_id: taraId }).first();
    const before = await count('history_entries');
    const res = await agent
      .post(`/customers/${taraId}/notes`)
      .set({ ...htmx, 'X-CSRF-Token': csrf })
      .type('form')
      .send({ body: 'Linked', transaction_id: String(other.id) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose one of this customer’s transactions.');
    expect(await count('history_entries')).toBe(before);
  });

  it('a mention is read only by the one it names', async () => {
    const leo = await signIn(t.app, 'lead@example.com');
    const ava = await signIn(t.app, 'agent@example.com');
    await leo.agent
      .post(`/customers/${taraId}/notes`)
      .set({ ...htmx, 'X-CSRF-Token': leo.csrf })
      .type('form')
      .send({ body: 'For @ava.agent' })
      .expect(201);
    const mention = await db()('note_mentions').orderBy('id', 'desc').first();
    expect(
      (await leo.agent.post(`/mentions/${mention.id}/read`).set({ ...htmx, 'X-CSRF-Token': leo.csrf })).status,
    ).toBe(404);
    const list = await ava.agent.get('/mentions').set(htmx);
    expect(list.text).toContain('For @ava.agent');
    await ava.agent
      .post(`/mentions/${mention.id}/read`)
      .set({ ...htmx, 'X-CSRF-Token': ava.csrf })
      .expect(200);
    await ava.agent
      .post(`/mentions/${mention.id}/read`)
      .set({ ...htmx, 'X-CSRF-Token': ava.csrf })
      .expect(200);
    expect(
      await db()('events')
        .where({ kind: 'mention.read', subject_id: String(mention.id) })
        .count({ n: '*' })
        .first(),
    ).toEqual({ n: 1 });
  });

  it('a call needs a disposition from the admin’s list', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const res = await agent
      .post(`/customers/${taraId}/calls`)
      .set({ ...htmx, 'X-CSRF-Token': csrf })
      .type('form')
      .send({ disposition: 'Made up', note: 'x' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose how the call ended.');
  });

  it('restricted search binds agents, not Customer Service admins; opening a profile heads the recent list in a cookie', async () => {
    await db()('settings').update({ restrict_customer_search: true });
    try {
      const ava = await signIn(t.app, 'agent@example.com');
      const leo = await signIn(t.app, 'lead@example.com');
      const partial = '/customers?name=tara&email=tara.trial@example.com';
      expect((await ava.agent.get(partial).set(htmx)).text).toContain('No customers match');
      expect((await leo.agent.get(partial).set(htmx)).text).toContain('Tara Trial');
      expect((await ava.agent.get('/customers?format=csv&name=tara').set(htmx)).text).toContain('restricted');
      const exact = await ava.agent.get('/customers?name=tara%20trial&email=TARA.TRIAL@example.com').set(htmx);
      expect(exact.text).toContain('Tara Trial');
    } finally {
      await db()('settings').update({ restrict_customer_search: false });
    }
    // Recent customers live in a cookie: opening a profile sets it, reopening the first one sets nothing.
    const ava = await signIn(t.app, 'agent@example.com');
    const opened = await ava.agent.get(`/customers/${taraId}`).expect(200);
    expect(String(opened.headers['set-cookie'])).toMatch(new RegExp(`cd.recent=\\d+%3A${taraId};`));
    const reopened = await ava.agent.get(`/customers/${taraId}`).expect(200);
    expect(reopened.headers['set-cookie']).toBeUndefined();
    expect((await ava.agent.get('/customers')).text).toMatch(/id="recent-customers"[\s\S]*Tara Trial/);
    const leo = await signIn(t.app, 'lead@example.com');
    expect((await leo.agent.get('/customers')).text).toContain('Profiles you open appear here.');
  });
});
