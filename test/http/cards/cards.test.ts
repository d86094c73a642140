import { createTestApp, signIn, type TestApp } from '../../support/app';

/** The cards and money forms through HTTP: 422 with our field messages and nothing written, and who may. */
describe('payment instruments, payouts and collections over HTTP', () => {
  let t: TestApp;
  let alice: { id: number };
  let card: { id: number };
  beforeAll(async () => {
    t = await createTestApp();
    alice = await t.deps.db('customers').where({ email: 'alice.refundable@example.com' }).first();
    card = await t.deps.db('payment_instruments').where({ customer_id: alice.id }).first();
  });
  afterAll(() => t.close());

  const htmx = { 'HX-Request': 'true' };
  const count = async (table: string) => Number((await t.deps.db(table).count({ n: '*' }).first())?.n);

  it('the region is a fragment with the cards, their status, role and fingerprint', async () => {
    const { agent } = await signIn(t.app, 'agent@example.com');
    const res = await agent.get(`/customers/${alice.id}/payment-tools`).set(htmx);
    expect(res.status).toBe(200);
    expect(res.text).toContain('id="payment-tools"');
    expect(res.text).toMatch(/data-role="default"/);
    expect(res.text).toContain('data-status="active"');
    expect(res.text).not.toContain('Send a payout'); // agents have no payouts
  });

  it('adding a card: 422 with a message for each wrong field, nothing written', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const before = await count('payment_instruments');
    const res = await agent
      .post(`/customers/${alice.id}/payment-instruments`)
      .set({ ...htmx, 'X-CSRF-Token': csrf })
      .type('form')
      .send({ number: '41x1', exp_month: '0', exp_year: '29', billing_address1: '1 Main St' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Enter the card number: 12 to 19 digits.');
    expect(res.text).toContain('Use the month as a number from 1 to 12.');
    expect(res.text).toContain('Use the four-digit year, like 2029.');
    expect(res.text).toContain('Enter the city.');
    expect(await count('payment_instruments')).toBe(before);
  });

  it('an expired card cannot be made the default (422 with the reason)', async () => {
    const [old] = await t.deps
      .db('payment_instruments')
      .insert({ ...card, id: undefined, fingerprint: 'old-card', exp_year: 2020, role: null })
      .returning('id');
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const res = await agent.post(`/payment-instruments/${old.id}/default`).set({ ...htmx, 'X-CSRF-Token': csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain('expired at the end of 12/2020. Only an active card can be the default.');
    expect((await t.deps.db('payment_instruments').where({ id: card.id }).first()).role).toBe('default');
  });

  it('payouts: 403 for an agent; 422 for a cs_admin without the confirmation; nothing sent', async () => {
    const body = { idempotency_key: 'payout-http-1', card_id: String(card.id), amount: '5', currency: 'USD' };
    const agent = await signIn(t.app, 'agent@example.com');
    const denied = await agent.agent
      .post(`/customers/${alice.id}/payouts`)
      .set({ ...htmx, 'X-CSRF-Token': agent.csrf })
      .type('form')
      .send({ ...body, description: 'x', irreversible: 'on' });
    expect(denied.status).toBe(403);
    const lead = await signIn(t.app, 'lead@example.com');
    const res = await lead.agent
      .post(`/customers/${alice.id}/payouts`)
      .set({ ...htmx, 'X-CSRF-Token': lead.csrf })
      .type('form')
      .send({ ...body, currency: 'XYZ' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Tick this to confirm: a payout cannot be reversed.');
    expect(res.text).toContain('Say what it is for.');
    expect(res.text).toContain('Choose a currency from the list.');
    expect(await t.deps.db('transactions').where({ type: 'credit' })).toHaveLength(0);
  });

  it('collecting: 422 for a missing amount or an unknown source, nothing written', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const before = await count('transactions');
    for (const body of [
      { source: 'card', idempotency_key: 'collect-http-1', card_id: String(card.id), description: 'x' },
      { source: 'gift', idempotency_key: 'collect-http-2', amount: '5', description: 'x' },
    ]) {
      const res = await agent
        .post(`/customers/${alice.id}/collections`)
        .set({ ...htmx, 'X-CSRF-Token': csrf })
        .type('form')
        .send(body);
      expect(res.status).toBe(422);
      expect(res.text).toMatch(
        body.source === 'card' ? /Enter the amount\./ : /Choose a card on file or a payment made outside\./,
      );
    }
    expect(await count('transactions')).toBe(before);
  });
});
