import request from 'supertest';
import { ManualClock } from '../../../src/lib/clock';
import { csrfFrom, createTestApp, signIn, type TestApp } from '../../support/app';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
const htmx = { 'HX-Request': 'true' };

/** KYC documents: the agent asks, the customer uploads on the portal, the agent reviews. */
describe('KYC documents', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date('2026-11-25T10:00:00Z'));
  beforeAll(async () => (t = await createTestApp({ clock })));
  afterAll(() => t.close());
  const db = () => t.deps.db;
  const customer = (email: string) => db()('customers').where({ email }).first();

  /** The agent asks for documents; the emailed link's path. */
  async function ask(email: string, kinds: string[]) {
    const c = await customer(email);
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const res = await agent
      .post(`/customers/${c.id}/kyc`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ kinds, message: 'We need these to keep your account open.', email: '1' });
    expect(res.status).toBe(201);
    const mail = await db()('email_outbox')
      .where({ customer_id: c.id, template: 'kyc_request' })
      .orderBy('id', 'desc')
      .first();
    const path = /http:\/\/portal\.test(\/portal\/\S+)/.exec(mail.text_body)![1];
    const docs = await db()('kyc_documents').where({ customer_id: c.id }).orderBy('id');
    return { c, path, docs, agent, csrf };
  }

  async function visitor(path: string) {
    const agent = request.agent(t.app);
    const page = await agent.get(path);
    return { agent, page, csrf: csrfFrom(page.text) };
  }

  it('an agent request writes the rows, the link, the email, the event and the history line; bad input writes nothing', async () => {
    const c = await customer('alice.refundable@example.com');
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const bad = await agent
      .post(`/customers/${c.id}/kyc`)
      .set(htmx)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ kinds: 'passport', message: '' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Write what you need and why.');
    expect(await db()('kyc_documents').where({ customer_id: c.id })).toHaveLength(0);
    expect(await db()('portal_links').where({ customer_id: c.id, purpose: 'documents' })).toHaveLength(0);

    const { docs, path } = await ask('alice.refundable@example.com', ['identity', 'address']);
    expect(docs.map((d) => [d.kind, d.status])).toEqual([
      ['identity', 'requested'],
      ['address', 'requested'],
    ]);
    expect(path).toMatch(/\/documents$/);
    const link = await db()('portal_links').where({ customer_id: c.id, purpose: 'documents' }).first();
    expect(link.sent_at).not.toBeNull();
    const history = await db()('history_entries').where({ customer_id: c.id, kind: 'kyc.requested' }).first();
    expect(history.body).toContain('proof of identity, proof of address');
    expect((await db()('events').where({ kind: 'kyc.requested' }).first()).actor_name).not.toBe('');
  });

  it('the customer uploads a PDF: stored as their file, pending review, the link named as actor', async () => {
    const { c, path, docs } = await ask('tara.trial@example.com', ['identity']);
    const { agent, csrf, page } = await visitor(path);
    expect(page.text).toContain('We need these to keep your account open.');
    const res = await agent
      .post(`${path.replace(/\/documents$/, '')}/documents/${docs[0].id}`)
      .set('X-CSRF-Token', csrf)
      .attach('file', PDF, { filename: 'passport.png', contentType: 'image/png' });
    expect(res.status).toBe(303);
    const doc = await db()('kyc_documents').where({ id: docs[0].id }).first();
    expect(doc.status).toBe('pending');
    const file = await db()('files').where({ id: doc.file_id }).first();
    expect(file).toMatchObject({ customer_id: c.id, content_type: 'application/pdf', user_id: null });
    const history = await db()('history_entries').where({ customer_id: c.id, kind: 'kyc.uploaded' }).first();
    expect(history.actor_name).toMatch(/\(portal link #\d+\)$/);
  });

  it('refuses a file that is not an image or PDF by its content, and one over 5 MB; nothing is stored', async () => {
    const { c, path, docs } = await ask('alice.refundable@example.com', ['funds']);
    const fund = docs.find((d) => d.kind === 'funds')!;
    const url = `${path.replace(/\/documents$/, '')}/documents/${fund.id}`;
    const { agent, csrf } = await visitor(path);
    const files = async () => (await db()('files').where({ customer_id: c.id })).length;
    const before = await files();
    const fake = await agent
      .post(url)
      .set('X-CSRF-Token', csrf)
      .attach('file', Buffer.from('MZ\x90\x00 this is an exe'), {
        filename: 'statement.pdf',
        contentType: 'application/pdf',
      });
    expect(fake.status).toBe(422);
    expect(fake.text).toContain('not a JPEG, PNG or PDF');
    const big = await agent
      .post(url)
      .set('X-CSRF-Token', csrf)
      .attach('file', Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]), {
        filename: 'big.png',
        contentType: 'image/png',
      });
    expect(big.status).toBe(422);
    expect(big.text).toContain('larger than 5 MB');
    expect(await files()).toBe(before);
    expect((await db()('kyc_documents').where({ id: fund.id }).first()).status).toBe('requested');
    const noToken = await agent.post(url).attach('file', PNG, { filename: 'a.png' });
    expect(noToken.status).toBe(403);
  });

  it("another customer's document is not found through this link; an expired link is refused", async () => {
    const alice = await ask('alice.refundable@example.com', ['identity']);
    const tara = await db()('kyc_documents')
      .where({ customer_id: (await customer('tara.trial@example.com')).id })
      .first();
    const { agent, csrf } = await visitor(alice.path);
    const base = alice.path.replace(/\/documents$/, '');
    const other = await agent
      .post(`${base}/documents/${tara.id}`)
      .set('X-CSRF-Token', csrf)
      .attach('file', PNG, 'a.png');
    expect(other.status).toBe(404);
    clock.advanceDays(8);
    expect((await request(t.app).get(alice.path)).status).toBe(410);
    const late = await agent
      .post(`${base}/documents/${alice.docs[0].id}`)
      .set('X-CSRF-Token', csrf)
      .attach('file', PNG, 'a.png');
    expect(late.status).toBe(410);
    expect((await db()('kyc_documents').where({ id: alice.docs[0].id }).first()).status).toBe('requested');
  });

  it('the agent rejects with a reason the customer then reads; accepts another; the kyc search filter finds them', async () => {
    const { c, path, docs, agent, csrf } = await ask('sam.shipped@example.com', ['identity', 'address']);
    const portal = await visitor(path);
    const base = path.replace(/\/documents$/, '');
    for (const d of docs)
      await portal.agent
        .post(`${base}/documents/${d.id}`)
        .set('X-CSRF-Token', portal.csrf)
        .attach('file', PNG, 'scan.png');
    const review = (id: number, body: object) =>
      agent.post(`/customers/${c.id}/kyc/${id}/review`).set(htmx).set('X-CSRF-Token', csrf).type('form').send(body);
    const noReason = await review(docs[0].id, { decision: 'reject', reason: ' ' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Say why');
    expect((await db()('kyc_documents').where({ id: docs[0].id }).first()).status).toBe('pending');
    expect((await review(docs[0].id, { decision: 'reject', reason: 'The photo is blurred.' })).status).toBe(200);
    expect((await review(docs[1].id, { decision: 'accept' })).status).toBe(200);
    expect((await review(docs[1].id, { decision: 'accept' })).status).toBe(422);
    const seen = await portal.agent.get(path);
    expect(seen.text).toContain('The photo is blurred.');
    expect(
      await db()('history_entries').where({ customer_id: c.id }).whereIn('kind', ['kyc.rejected', 'kyc.accepted']),
    ).toHaveLength(2);
    const search = async (kyc: string) =>
      (await agent.get(`/customers?kyc=${kyc}`)).text.includes(`/customers/${c.id}"`);
    expect(await search('rejected')).toBe(true);
    expect(await search('accepted')).toBe(true);
    expect(await search('pending')).toBe(false);
    expect((await agent.get('/customers?kyc=nonsense')).status).toBe(422);
  });
});
