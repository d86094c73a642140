import { createTestApp, signIn, type TestApp } from '../../support/app';

describe('the Customer Service report', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const todayRow = async (agent: import('supertest').Agent, today: string) => {
    const csv = await agent.get(`/reports/customer-service?from=${today}&to=${today}&format=csv`);
    const line =
      csv.text.split('\n').find((l) => l.startsWith(`${today},Ava Agent,`)) ?? `${today},Ava Agent,0,0.00,0,0.00,0,0,0`;
    const [, , refunds, refundAmount, , , , notes] = line.split(',');
    return { refunds: Number(refunds), refundAmount: Number(refundAmount), notes: Number(notes) };
  };

  it('shows real figures per agent and day with an SVG chart, and exports CSV', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const lead = await signIn(t.app, 'lead@example.com');
    const before = await todayRow(lead.agent, today);
    const agentSession = await signIn(t.app, 'agent@example.com');
    const htmx = { 'HX-Request': 'true', 'X-CSRF-Token': agentSession.csrf };
    const alice = await t.deps.db('customers').where({ email: 'alice.refundable@example.com' }).first();
    const sale = await t.deps
      .db('transactions')
      .where({ customer_id: alice.id, type: 'sale', status: 'settled' })
      .first();
    await agentSession.agent
      .post(`/transactions/${sale.id}/refunds`)
      .set(htmx)
      .type('form')
      .send({ idempotency_key: 'report-refund-1', reason: 'Customer request', amount: '5.00' });
    await agentSession.agent
      .post(`/customers/${alice.id}/notes`)
      .set(htmx)
      .type('form')
      .send({ body: 'Called about the refund.' });
    await agentSession.agent
      .post(`/customers/${alice.id}/notes`)
      .set(htmx)
      .type('form')
      .send({ body: 'Called again.' });

    const { agent } = lead;
    const res = await agent.get('/reports/customer-service');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<svg');
    expect(res.text).toContain('Ava Agent · ');
    expect(res.text).toContain(`<tr><td class="when">${today}</td><td>Ava Agent</td>`);

    const csv = await agent.get(`/reports/customer-service?from=${today}&to=${today}&format=csv`);
    expect(csv.text.split('\n')[0]).toBe('day,agent,refunds,refundAmount,voids,voidAmount,cancellations,notes,emails');
    const after = await todayRow(agent, today);
    expect(after.refunds - before.refunds).toBe(1);
    expect(Math.round((after.refundAmount - before.refundAmount) * 100)).toBe(500);
    expect(after.notes - before.notes).toBe(2);
    const bad = await agent.get('/reports/customer-service?from=2026-12-01&to=2026-11-01');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('The end date is before the start date.');
  });
});
