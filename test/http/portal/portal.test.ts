import request from 'supertest';
import { csrfFrom, createTestApp, type TestApp } from '../../support/app';
import { insertLink } from '../../../src/portal/links';
import { sendRebillReminders } from '../../../src/portal/reminders';
import { ManualClock } from '../../../src/lib/clock';

/** Every portal route with a live link, an expired one, a revoked one, and another customer's. */
describe('the portal routes', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date('2026-11-25T10:00:00Z'));
  beforeAll(async () => (t = await createTestApp({ clock })));
  afterAll(() => t.close());
  const db = () => t.deps.db;

  async function linkFor(email: string, o: { purpose?: 'portal' | 'card' | 'cancel'; days?: number } = {}) {
    const c = await db()('customers').where({ email }).first();
    const link = await db().transaction((trx) =>
      insertLink(trx, {
        customerId: c.id,
        purpose: o.purpose ?? 'portal',
        days: o.days ?? 7,
        source: 'agent',
        now: clock.now(),
        createdBy: null,
      }),
    );
    return { ...link, customer: c, base: `/portal/${link.token}` };
  }

  /** A visitor with the page's CSRF cookie and token. */
  async function visitor(path: string) {
    const agent = request.agent(t.app);
    const page = await agent.get(path);
    return { agent, page, csrf: csrfFrom(page.text) };
  }

  it('shows the customer their subscriptions and charges, and records the first opening', async () => {
    const l = await linkFor('alice.refundable@example.com');
    const res = await request(t.app).get(l.base);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Acme Vitamins');
    expect(res.text).toContain('Your subscriptions');
    expect(res.text).not.toContain('Continuity Desk');
    expect((await db()('portal_links').where({ id: l.id }).first()).opened_at).not.toBeNull();
  });

  const PAGES = ['', '/card', '/address', '/receipts/1', '/subscriptions/1/cancellation'];
  it.each(PAGES)('GET %s: an expired link is 410, a revoked one 410, a wrong verifier 404', async (suffix) => {
    const expired = await linkFor('alice.refundable@example.com', { days: 1 });
    clock.advanceDays(2);
    const revoked = await linkFor('alice.refundable@example.com');
    await db()('portal_links').where({ id: revoked.id }).update({ revoked_at: clock.now() });
    const live = await linkFor('alice.refundable@example.com');
    const forged = `/portal/${live.token.slice(0, 16)}${'x'.repeat(43)}`;
    expect((await request(t.app).get(expired.base + suffix)).status).toBe(410);
    expect((await request(t.app).get(revoked.base + suffix)).text).toContain('withdrawn');
    expect((await request(t.app).get(forged + suffix)).status).toBe(404);
  });

  it('another customer’s subscription or receipt is not found through this link, and nothing changes', async () => {
    const alice = await linkFor('alice.refundable@example.com');
    const tara = await db()('customers').where({ email: 'tara.trial@example.com' }).first();
    const theirs = await db()('purchases').where({ customer_id: tara.id }).first();
    const theirSale = await db()('transactions').where({ customer_id: tara.id, type: 'sale' }).first();
    const { agent, csrf } = await visitor(alice.base);
    const res = await agent
      .post(`${alice.base}/subscriptions/${theirs.id}/cancellation`)
      .type('form')
      .send({ _csrf: csrf });
    expect(res.status).toBe(404);
    expect((await db()('purchases').where({ id: theirs.id }).first()).status).toBe(theirs.status);
    expect((await agent.get(`${alice.base}/receipts/${theirSale.id}`)).status).toBe(404);
  });

  it('a card link cannot cancel; a cancel without the CSRF token is refused', async () => {
    const l = await linkFor('tara.trial@example.com', { purpose: 'card' });
    const p = await db()('purchases').where({ customer_id: l.customer.id }).first();
    const { agent, csrf } = await visitor(`${l.base}/card`);
    expect(
      (await agent.post(`${l.base}/subscriptions/${p.id}/cancellation`).type('form').send({ _csrf: csrf })).status,
    ).toBe(403);
    const full = await linkFor('tara.trial@example.com');
    expect((await agent.post(`${full.base}/subscriptions/${p.id}/cancellation`).type('form').send({})).status).toBe(
      403,
    );
    expect((await db()('purchases').where({ id: p.id }).first()).status).toBe(p.status);
  });

  it('bad card and address input is 422 with the field named, and nothing is written', async () => {
    const l = await linkFor('victor.voidable@example.com');
    const { agent, csrf } = await visitor(`${l.base}/card`);
    const cards = await db()('payment_instruments').count({ n: '*' }).first();
    const bad = await agent
      .post(`${l.base}/card`)
      .type('form')
      .send({ _csrf: csrf, card_number: '12', exp_month: '1', exp_year: '2020' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Enter the card number');
    expect(await db()('payment_instruments').count({ n: '*' }).first()).toEqual(cards);
    const addr = await agent.post(`${l.base}/address`).type('form').send({ _csrf: csrf, billing_city: 'Paris' });
    expect(addr.status).toBe(422);
    expect(addr.text).toContain('Enter the street and number.');
  });

  it('a run of wrong tokens from one address is stopped with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++)
      statuses.push((await request(t.app).get(`/portal/${String(i).padStart(59, 'Z')}`)).status);
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(statuses.at(-1)).toBe(429);
  });

  it('the click-to-cancel lookup is limited to 5 tries for one email', async () => {
    const { agent, csrf } = await visitor('/cancel');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await agent
            .post('/cancel')
            .type('form')
            .send({ _csrf: csrf, email: 'x@example.com', order_id: `ABCDEF${i}` })
        ).status,
      );
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('the reminder job emails each purchase once, N days before its bill, with a portal link', async () => {
    const p = await db()('purchases').whereIn('status', ['trial', 'active']).orderBy('id').first();
    const today = clock.now().toISOString().slice(0, 10);
    const inTwo = new Date(Date.parse(`${today}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
    await db()('purchases').where({ id: p.id }).update({ next_bill_date: inTwo });
    const first = await sendRebillReminders(t.deps);
    expect(first.sent).toBeGreaterThan(0);
    expect((await sendRebillReminders(t.deps)).sent).toBe(0);
    const mail = await db()('email_outbox').where({ customer_id: p.customer_id, template: 'rebill_reminder' }).first();
    expect(mail.subject).toContain(inTwo);
    expect(mail.text_body).toMatch(/\/portal\/\S{59}/);
  });
});
