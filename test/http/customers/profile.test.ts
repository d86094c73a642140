import request from 'supertest';
import { createTestApp, signIn, type TestApp } from '../../support/app';

describe('profile over HTTP', () => {
  let t: TestApp;
  let aliceId: number;
  beforeAll(async () => {
    t = await createTestApp();
    aliceId = (await t.deps.db('customers').where({ email: 'alice.refundable@example.com' }).first()).id;
  });
  afterAll(() => t.close());

  const alice = () => t.deps.db('customers').where({ id: aliceId }).first();
  const htmx = { 'HX-Request': 'true' };

  it('renders the profile with every region', async () => {
    const { agent } = await signIn(t.app, 'agent@example.com');
    const res = await agent.get(`/customers/${aliceId}`);
    expect(res.status).toBe(200);
    for (const s of [
      'id="block-contact"',
      'id="block-billing"',
      'id="block-shipping"',
      'id="block-other"',
      'id="history-list"',
      'id="transactions"',
      'id="fulfillments"',
      'role="tablist"',
      'href="tel:5125550101"',
    ]) {
      expect(res.text).toContain(s);
    }
    expect(res.text).not.toContain('Delete customer');
  });

  it('inline edit: the form fragment, then save returns the display fragment and changes the row', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const form = await agent.get(`/customers/${aliceId}/contact/edit`).set(htmx);
    expect(form.text).toMatch(/^\s*<section class="card block editing" id="block-contact">/);
    const version = /name="version" value="([^"]+)"/.exec(form.text)![1];
    const res = await agent
      .patch(`/customers/${aliceId}/contact`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({
        first_name: 'Alice',
        last_name: 'Refundable',
        email: 'alice.refundable@example.com',
        phone: '(512) 555-0199',
        version,
      });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^\s*<section class="card block" id="block-contact">/);
    expect(res.text).toContain('(512) 555-0199');
    expect(res.text).toContain('hx-swap-oob'); // the history is refreshed too
    expect((await alice()).phone).toBe('(512) 555-0199');
    const history = await t.deps.db('history_entries').where({ customer_id: aliceId, kind: 'customer.edited' }).first();
    expect(history.body).toBe('Edited contact: Phone (512) 555-0101 → (512) 555-0199');
    expect(history.actor_name).toBe('Ava Agent');
  });

  it('an invalid email re-renders the form with 422 and the message; the row is unchanged', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const before = await alice();
    const res = await agent
      .patch(`/customers/${aliceId}/contact`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({
        first_name: 'Alice',
        last_name: 'Refundable',
        email: 'not-an-email',
        phone: '',
        version: before.updated_at.toISOString(),
      });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Enter a valid email address, like name@example.com.');
    expect(res.text).toContain('value="not-an-email"');
    expect(await alice()).toEqual(before);
  });

  it('the membership password is stored hashed and never shown', async () => {
    const lead = await signIn(t.app, 'lead@example.com');
    const version = (await alice()).updated_at.toISOString();
    const res = await lead.agent
      .patch(`/customers/${aliceId}/other`)
      .set(htmx)
      .set('X-CSRF-Token', lead.csrf)
      .type('form')
      .send({
        custom1: 'glow',
        custom2: '',
        membership_login: 'alice',
        membership_password: 'secret-pass',
        version,
      });
    expect(res.status).toBe(200);
    const row = await alice();
    expect(row.membership_password_hash).toMatch(/^scrypt\$/);
    expect(res.text).not.toContain('secret-pass');
  });

  it('a note is added and returned as a history entry, escaped', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const res = await agent
      .post(`/customers/${aliceId}/notes`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ body: '<script>alert(1)</script> called back' });
    expect(res.status).toBe(201);
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; called back');
    expect(res.text).not.toContain('<script>');
    expect(res.headers['hx-trigger']).toBe('note-added');
    const empty = await agent
      .post(`/customers/${aliceId}/notes`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ body: '   ' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Write the note first.');
    expect(
      await t.deps.db('history_entries').where({ customer_id: aliceId, kind: 'note' }).count({ n: '*' }).first(),
    ).toEqual({ n: 2 });
  });

  it('tags are added and removed inline', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const add = await agent
      .post(`/customers/${aliceId}/tags`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ tag: 'Callback ' });
    expect(add.text).toContain('callback');
    expect((await alice()).tags).toEqual(['vip', 'callback']);
    const bad = await agent
      .post(`/customers/${aliceId}/tags`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ tag: '<b>' });
    expect(bad.status).toBe(422);
    await agent.delete(`/customers/${aliceId}/tags/vip`).set(htmx).set('X-CSRF-Token', csrf);
    expect((await alice()).tags).toEqual(['callback']);
  });

  it('files: upload with a size limit, download as an attachment with a safe type', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const up = await agent
      .post(`/customers/${aliceId}/files`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .attach('file', Buffer.from('<html><script>x</script>'), { filename: 'evil.html', contentType: 'text/html' });
    expect(up.status).toBe(201);
    expect(up.text).toContain('evil.html');
    const file = await t.deps.db('files').where({ customer_id: aliceId }).first();
    const down = await agent.get(`/files/${file.id}`);
    expect(down.headers['content-type']).toBe('application/octet-stream');
    expect(down.headers['content-disposition']).toMatch(/^attachment; filename="evil.html"/);
    const big = await agent
      .post(`/customers/${aliceId}/files`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .attach('file', Buffer.alloc(5 * 1024 * 1024 + 1), 'big.bin');
    expect(big.status).toBe(422);
    expect(big.text).toContain('larger than 5 MB');
    expect(await t.deps.db('files').where({ customer_id: aliceId }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('an agent cannot merge or delete', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const [a, b] = await t.deps.db('customers').where({ email: 'morgan.merge@example.com' }).pluck('id');
    expect(
      (await agent.post(`/customers/${a}/merges`).set('X-CSRF-Token', csrf).type('form').send({ source_id: b })).status,
    ).toBe(403);
    expect((await agent.delete(`/customers/${a}`).set(htmx).set('X-CSRF-Token', csrf)).status).toBe(403);
    expect((await agent.get(`/customers/${a}/merges/new?source=${b}`)).headers.location).toBe('/');
    expect(await t.deps.db('customers').whereIn('id', [a, b]).count({ n: '*' }).first()).toEqual({ n: 2 });
  });

  it('the admin deletes a customer through htmx and is sent back to the search', async () => {
    const { agent, csrf } = await signIn(t.app, 'owner@example.com');
    const sam = await t.deps.db('customers').where({ email: 'sam.shipped@example.com' }).first();
    const res = await agent.delete(`/customers/${sam.id}`).set(htmx).set('X-CSRF-Token', csrf);
    expect(res.headers['hx-redirect']).toBe('/customers');
    expect(await t.deps.db('customers').where({ id: sam.id }).first()).toBeUndefined();
  });

  it('add customer warns about a duplicate email and adds after confirmation', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const form = { first_name: 'Tara', last_name: 'Again', email: 'tara.trial@example.com', phone: '', _csrf: csrf };
    const warn = await agent.post('/customers').type('form').send(form);
    expect(warn.status).toBe(409);
    expect(warn.text).toContain('This email or phone is already on file');
    expect(await t.deps.db('customers').where({ email: 'tara.trial@example.com' }).count({ n: '*' }).first()).toEqual({
      n: 1,
    });
    const ok = await agent
      .post('/customers')
      .type('form')
      .send({ ...form, confirm_duplicate: '1' });
    expect(ok.status).toBe(303);
    expect(await t.deps.db('customers').where({ email: 'tara.trial@example.com' }).count({ n: '*' }).first()).toEqual({
      n: 2,
    });
    const bad = await agent.post('/customers').type('form').send({ first_name: '', email: 'x', _csrf: csrf });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Enter the first name.');
  });

  it('search renders the results fragment for htmx and exports CSV', async () => {
    const { agent } = await signIn(t.app, 'agent@example.com');
    const frag = await agent.get('/customers?name=tara').set(htmx);
    expect(frag.text).not.toContain('<html');
    expect(frag.text).toContain('Tara Trial');
    const csv = await agent.get('/customers?segment=leads&format=csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe(
      'id,first_name,last_name,email,phone,billing_address1,billing_city,billing_state,billing_postal_code,billing_country,tags,created_at',
    );
    expect(lines.some((l) => l.includes('larry.lead@example.com'))).toBe(true);
    const bad = await agent.get('/customers?last4=12').set(htmx);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Card last 4 is four digits.');
  });

  it('the order summary shows items, totals and the customer link', async () => {
    const { agent } = await signIn(t.app, 'agent@example.com');
    const order = await t.deps.db('orders').where({ customer_id: aliceId }).first();
    const res = await agent.get(`/orders/${order.public_id.toLowerCase()}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Glow Serum — 30-day supply');
    expect(res.text).toContain(`href="/customers/${aliceId}"`);
    expect((await agent.get('/orders/NOPE1234')).status).toBe(404);
    expect((await request(t.app).get(`/orders/${order.public_id}`)).headers.location).toBe('/login');
  });
});
