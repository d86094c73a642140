import { BUSY_EMAIL, seedBusyCustomer } from '../../../seeds/busy-customer';
import { LIST_PAGE } from '../../../src/customers/lists';
import { CHARGES_SHOWN } from '../../../src/orders/list';
import { createTestApp, signIn, type TestApp } from '../../support/app';

/** The profile's transactions, fulfillments and orders: pages of LIST_PAGE, newest first by date, "Older" loads the next. */
describe('profile lists, paged by date', () => {
  let t: TestApp;
  let busyId: number;
  beforeAll(async () => {
    t = await createTestApp();
    const option = await t.deps
      .db('product_options as o')
      .join('products as p', 'p.id', 'o.product_id')
      .where('p.kind', 'continuity')
      .select('p.id as productId', 'o.id as optionId')
      .first();
    busyId = (await seedBusyCustomer(t.deps.db, option))!;
  }, 60_000);
  afterAll(() => t.close());

  const htmx = { 'HX-Request': 'true' };
  const rowIds = (html: string, kind: string) =>
    [...html.matchAll(new RegExp(`<tr id="${kind}-(\\d+)"`, 'g'))].map((m) => Number(m[1]));
  const olderLink = (html: string, list: string) =>
    new RegExp(`hx-get="/customers/${busyId}/${list}\\?before=(\\d+)"`).exec(html)?.[1];

  it('seeds the busy customer once, findable by email', async () => {
    const c = await t.deps.db('customers').where({ email: BUSY_EMAIL }).first();
    expect(c.id).toBe(busyId);
    const count = async (table: string) =>
      Number((await t.deps.db(table).where({ customer_id: busyId }).count({ n: '*' }))[0].n);
    expect([await count('transactions'), await count('fulfillments')]).toEqual([5000, 500]);
    expect(await seedBusyCustomer(t.deps.db, { productId: 0, optionId: 0 })).toBeNull();
  });

  it('walks every transaction newest first by date, a page at a time, each exactly once, with rebill cycles shown', async () => {
    const { agent } = await signIn(t.app, 'agent@example.com');
    const profile = await agent.get(`/customers/${busyId}`);
    expect(profile.status).toBe(200);
    expect(profile.text).toContain('>Customer</span>');
    expect(profile.text).toMatch(/sale <span class="muted small">rebill, cycle \d+<\/span>/);
    const seen = rowIds(profile.text, 'transaction');
    expect(seen).toHaveLength(LIST_PAGE);
    let before = olderLink(profile.text, 'transactions');
    while (before) {
      const page = await agent.get(`/customers/${busyId}/transactions?before=${before}`).set(htmx);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('<html');
      seen.push(...rowIds(page.text, 'transaction'));
      before = olderLink(page.text, 'transactions');
    }
    const expected = await t.deps
      .db('transactions')
      .where({ customer_id: busyId })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .pluck('id');
    expect(seen.map(Number)).toEqual(expected.map(Number));
    // The seed's ids do not follow dates: ordering by id would have shown another order.
    expect([...expected].sort((a, b) => Number(b) - Number(a))).not.toEqual(expected);
  }, 120_000);

  it('walks the fulfillments the same way, and an unreadable cursor shows the first page', async () => {
    const { agent } = await signIn(t.app, 'agent@example.com');
    const profile = await agent.get(`/customers/${busyId}`);
    const seen = rowIds(profile.text, 'fulfillment');
    let before = olderLink(profile.text, 'fulfillments');
    while (before) {
      const page = await agent.get(`/customers/${busyId}/fulfillments?before=${before}`).set(htmx);
      seen.push(...rowIds(page.text, 'fulfillment'));
      before = olderLink(page.text, 'fulfillments');
    }
    expect(seen).toHaveLength(500);
    expect(new Set(seen).size).toBe(500);
    const bad = await agent.get(`/customers/${busyId}/fulfillments?before=abc`).set(htmx);
    expect(bad.status).toBe(200);
    expect(rowIds(bad.text, 'fulfillment')).toEqual(seen.slice(0, LIST_PAGE));
  });

  it('pages the orders tab the same way', async () => {
    const { agent } = await signIn(t.app, 'agent@example.com');
    const orderIds = (html: string) => [...html.matchAll(/href="\/orders\/(Z\d{7})"/g)].map((m) => m[1]);
    const profile = await agent.get(`/customers/${busyId}`);
    const seen = orderIds(profile.text.slice(profile.text.indexOf('id="tab-panel"')));
    expect(seen).toHaveLength(LIST_PAGE);
    // Each order lists its newest charges only (the busy customer's have ten), and says how many came before.
    const lists = [...profile.text.matchAll(/<ul class="charges">([\s\S]*?)<\/ul>/g)].map((m) => m[1]);
    expect(Math.max(...lists.map((l) => (l.match(/data-charge=/g) ?? []).length))).toBe(CHARGES_SHOWN);
    expect(profile.text).toMatch(/\d+ earlier charges<\/a>/);
    let before = olderLink(profile.text, 'orders');
    while (before) {
      const page = await agent.get(`/customers/${busyId}/orders?before=${before}`).set(htmx);
      expect(page.text).not.toContain('<table');
      seen.push(...orderIds(page.text));
      before = olderLink(page.text, 'orders');
    }
    // The seed numbers orders by date: newest first is Z0000500 down to Z0000001.
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => `Z${String(500 - i).padStart(7, '0')}`));
  });

  it('after an action on a fulfillment three pages back, the list shown again still holds it', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const [f] = await t.deps
      .db('fulfillments')
      .where({ customer_id: busyId }) // all but the newest have shipped: each can be reshipped
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .offset(120)
      .limit(1);
    const res = await agent
      .post(`/fulfillments/${f.id}/reships`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ scope: 'customer' });
    expect(res.status).toBe(200);
    const ids = rowIds(res.text, 'fulfillment');
    expect(ids).toContain(Number(f.id));
    expect(ids).toHaveLength(122); // the new reship, the 120 newer rows, and the one acted on
    expect(res.text).toContain('Older fulfillments');
  });
});
