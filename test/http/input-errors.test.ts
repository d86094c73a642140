import request from 'supertest';
import { createTestApp, signIn, type TestApp } from '../support/app';

/** One case per answer the app gives to input it refuses: the status, our sentence, and nothing written. */
describe('input the app refuses, in its own words', () => {
  let t: TestApp;
  let aliceId: number;
  let owner: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    t = await createTestApp();
    aliceId = (await t.deps.db('customers').where({ email: 'alice.refundable@example.com' }).first()).id;
    owner = await signIn(t.app, 'owner@example.com');
  });
  afterAll(() => t.close());

  const htmx = { 'HX-Request': 'true' };
  const notes = () => t.deps.db('history_entries').where({ customer_id: aliceId }).count({ n: '*' }).first();
  const noteUrl = () => `/customers/${aliceId}/notes`;
  const version = async (id: number) =>
    (await t.deps.db('customers').where({ id }).first('updated_at')).updated_at.toISOString();

  it('400: malformed JSON, also for a logged-out visitor, without library wording', async () => {
    const res = await request(t.app).post('/login').set('Content-Type', 'application/json').send('{"email": ');
    expect(res.status).toBe(400);
    expect(res.text).toContain('The request could not be read.');
    expect(res.text).not.toMatch(/Unexpected|JSON|\bat \S+ \(|node_modules/);
  });

  it('413: a field of 200 KB', async () => {
    const before = await notes();
    const res = await owner.agent
      .post(noteUrl())
      .set('X-CSRF-Token', owner.csrf)
      .type('form')
      .send({ body: 'x'.repeat(200_000) });
    expect(res.status).toBe(413);
    expect(res.text).toContain('The form was too large to accept.');
    expect(res.text).not.toContain('request entity too large');
    expect(await notes()).toEqual(before);
  });

  it('415: text/plain where a form is expected, and multipart where no file is taken', async () => {
    const before = await notes();
    const plain = await owner.agent
      .post(noteUrl())
      .set('X-CSRF-Token', owner.csrf)
      .set('Content-Type', 'text/plain')
      .send('body=hello');
    expect(plain.status).toBe(415);
    expect(plain.text).toContain('This form was sent in a format we do not read.');
    // Notes take an attachment; tags take no file.
    const multipart = await owner.agent
      .post(`/customers/${aliceId}/tags`)
      .set('X-CSRF-Token', owner.csrf)
      .field('tag', 'hello');
    expect(multipart.status).toBe(415);
    expect(await notes()).toEqual(before);
  });

  it('415: an unknown charset', async () => {
    const res = await owner.agent
      .post(noteUrl())
      .set('X-CSRF-Token', owner.csrf)
      .set('Content-Type', 'application/x-www-form-urlencoded; charset=klingon')
      .send('body=x');
    expect(res.status).toBe(415);
    expect(res.text).toContain('a character set we do not read');
    expect(res.text).not.toContain('unsupported charset');
  });

  it('400: a NUL byte in a field', async () => {
    const before = await notes();
    const res = await owner.agent
      .post(noteUrl())
      .set('X-CSRF-Token', owner.csrf)
      .set(htmx)
      .type('form')
      .send('body=a%00b');
    expect(res.status).toBe(400);
    expect(res.text).toContain('a NUL byte');
    expect(await notes()).toEqual(before);
  });

  it('404: every odd id names no record, for pages and actions', async () => {
    for (const id of ['1.5', '1e3', '-1', '0', '99999999999999999999', 'constructor', '__proto__', '%00']) {
      const page = await owner.agent.get(`/customers/${id}`);
      expect([id, page.status]).toEqual([id, 404]);
      expect(page.text).toContain('That customer was not found.');
      const action = await owner.agent.post(`/purchases/${id}/trial-skips`).set('X-CSRF-Token', owner.csrf).set(htmx);
      expect([id, action.status]).toEqual([id, 404]);
    }
    expect((await owner.agent.get('/orders/%00')).status).toBe(404);
    expect((await owner.agent.get('/customers/1/__proto__')).status).toBe(404);
  });

  it('404, not "done": removing a notify email or retiring a product that does not exist', async () => {
    const events = await t.deps.db('events').count({ n: '*' }).first();
    expect(
      (await owner.agent.delete('/admin/notify-emails/2000000000').set('X-CSRF-Token', owner.csrf).set(htmx)).status,
    ).toBe(404);
    expect(
      (
        await owner.agent
          .patch('/admin/products/2000000000')
          .set('X-CSRF-Token', owner.csrf)
          .set(htmx)
          .type('form')
          .send({ active: '0' })
      ).status,
    ).toBe(404);
    expect(
      (await owner.agent.delete('/customers/2000000000/blacklisting').set('X-CSRF-Token', owner.csrf).set(htmx)).status,
    ).toBe(404);
    expect(await t.deps.db('events').count({ n: '*' }).first()).toEqual(events);
  });

  it('422 login_taken: a membership login another customer has', async () => {
    const other = await t.deps.db('customers').whereNot({ id: aliceId }).orderBy('id').first();
    await t.deps.db('customers').where({ id: other.id }).update({ membership_login: 'shared-login' });
    const res = await owner.agent
      .patch(`/customers/${aliceId}/other`)
      .set('X-CSRF-Token', owner.csrf)
      .set(htmx)
      .type('form')
      .send({ membership_login: 'Shared-Login', version: await version(aliceId) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Another customer already has this membership login');
    expect((await t.deps.db('customers').where({ id: aliceId }).first()).membership_login).not.toBe('Shared-Login');
  });

  it('422: an address is complete, with an ISO country and its postal code shape', async () => {
    const send = async (fields: Record<string, string>) =>
      owner.agent
        .patch(`/customers/${aliceId}/billing`)
        .set('X-CSRF-Token', owner.csrf)
        .set(htmx)
        .type('form')
        .send({ ...fields, version: await version(aliceId) });
    const partial = await send({ billing_address1: '1 Main St' });
    expect(partial.status).toBe(422);
    expect(partial.text).toContain('Enter the city.');
    const country = await send({
      billing_address1: '1 Main St',
      billing_city: 'Austin',
      billing_postal_code: '78701',
      billing_country: 'XX',
    });
    expect(country.text).toContain('Use the two-letter ISO country code');
    const postal = await send({
      billing_address1: '10 Downing St',
      billing_city: 'London',
      billing_postal_code: '78701',
      billing_country: 'GB',
    });
    expect(postal.status).toBe(422);
    expect(postal.text).toContain('That is not a GB postal code; it looks like SW1A 1AA.');
    const ok = await send({
      billing_address1: '10 Downing St',
      billing_city: 'London',
      billing_postal_code: 'SW1A 2AA',
      billing_country: 'gb',
    });
    expect(ok.status).toBe(200);
    expect((await t.deps.db('customers').where({ id: aliceId }).first()).billing_country).toBe('GB');
  });

  it('422: zod findings in our words, with the field label', async () => {
    const res = await owner.agent
      .patch(`/customers/${aliceId}/contact`)
      .set('X-CSRF-Token', owner.csrf)
      .set(htmx)
      .type('form')
      .send({ first_name: 'x'.repeat(101), version: await version(aliceId) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('First name is too long (at most 100 characters).');
    expect(res.text).not.toMatch(/Too big|expected string/);
  });

  it('422: a price typed with a comma is ambiguous, not 12.00', async () => {
    const p = await t.deps.db('purchases').where({ status: 'active' }).orderBy('id').first();
    const res = await owner.agent
      .patch(`/purchases/${p.id}`)
      .set('X-CSRF-Token', owner.csrf)
      .set(htmx)
      .type('form')
      .send({
        quantity: '1',
        unit_price: '1,2',
        price_scope: 'always',
        next_bill_date: p.next_bill_date,
        product_option_id: String(p.product_option_id),
      });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Enter a price like 39.95.');
    expect((await t.deps.db('purchases').where({ id: p.id }).first()).unit_price_cents).toBe(p.unit_price_cents);
  });

  it('a void never reads an amount: the whole charge is voided', async () => {
    const sale = await t.deps.db('transactions').where({ type: 'sale', status: 'pending' }).first();
    const res = await owner.agent
      .post(`/transactions/${sale.id}/voids`)
      .set('X-CSRF-Token', owner.csrf)
      .set(htmx)
      .type('form')
      .send({ idempotency_key: 'void-with-amount-1', reason: 'Customer request', amount: '1.00' });
    expect(res.status).toBe(200);
    expect(await t.deps.db('transactions').where({ parent_id: sale.id, type: 'void' }).first()).toMatchObject({
      amount_cents: sale.amount_cents,
    });
  });

  it('422 already_blocked: the same IP typed differently keeps one entry', async () => {
    const add = (value: string) =>
      owner.agent
        .post('/admin/blocklist')
        .set('X-CSRF-Token', owner.csrf)
        .type('form')
        .send({ type: 'ip', value, reason: 'Bots' });
    expect((await add('2001:DB8::99')).status).toBe(303);
    const again = await add('2001:db8:0:0:0:0:0:99');
    expect(again.status).toBe(422);
    expect(again.text).toContain('Already blocked');
    expect(
      await t.deps.db('blocklist_entries').where({ type: 'ip', value: '2001:db8::99' }).count({ n: '*' }).first(),
    ).toEqual({ n: 1 });
  });
});
