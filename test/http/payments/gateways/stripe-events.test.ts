import request from 'supertest';
import Stripe from 'stripe';
import { createTestApp, signIn, type TestApp } from '../../../support/app';

const SECRET = 'whsec_test_secret';
const stripeConfig = {
  gateway: 'stripe' as const,
  stripe: { secretKey: 'sk_test_x', apiBase: null, webhookSecret: SECRET },
};

const signed = (payload: string, secret = SECRET) => Stripe.webhooks.generateTestHeaderString({ payload, secret });

describe('POST /gateways/stripe/events', () => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => (t = await createTestApp({ config: stripeConfig })));
  afterAll(() => t.close());

  /** A captured Stripe sale of $80.00 on a demo customer, as our books hold it. */
  async function stripeSale(status = 'settled') {
    const customer = await t.deps.db('customers').orderBy('id').first('id');
    const [sale] = await t.deps
      .db('transactions')
      .insert({
        customer_id: customer.id,
        type: 'sale',
        status,
        amount_cents: 8000,
        gateway: 'stripe',
        gateway_reference: `ch_events_${++n}`,
        idempotency_key: `events-sale-${n}`,
      })
      .returning('*');
    return sale;
  }

  const send = (event: object, signature?: string) => {
    const payload = JSON.stringify(event);
    return request(t.app)
      .post('/gateways/stripe/events')
      .set('content-type', 'application/json')
      .set('stripe-signature', signature ?? signed(payload))
      .send(payload);
  };
  const refundEvent = (id: string, charge: string, amount: number) => ({
    id,
    object: 'event',
    type: 'refund.created',
    data: { object: { id: `re_${id}`, object: 'refund', amount, charge, status: 'succeeded', metadata: {} } },
  });

  it('books a refund made in the Stripe dashboard on the charge and in the history, once', async () => {
    const sale = await stripeSale();
    const event = refundEvent('evt_refund_1', sale.gateway_reference, 3000);
    const first = await send(event);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: true, outcome: 'processed' });
    const replay = await send(event);
    expect(replay.body).toEqual({ received: true, outcome: 'duplicate' });
    expect(await t.deps.db('transactions').where({ id: sale.id }).first()).toMatchObject({
      status: 'partially_refunded',
      refunded_cents: 3000,
      queued_cents: 0,
    });
    const refunds = await t.deps.db('transactions').where({ parent_id: sale.id, type: 'refund' });
    expect(refunds).toEqual([
      expect.objectContaining({ status: 'approved', amount_cents: 3000, gateway_reference: 're_evt_refund_1' }),
    ]);
    const history = await t.deps.db('events').where({ customer_id: sale.customer_id, kind: 'transaction.refund' });
    expect(history.map((e) => e.summary)).toContainEqual(
      expect.stringMatching(/Refunded \$30\.00 of charge #\d+ — Refunded in the Stripe dashboard/),
    );
  });

  it('ignores our own refunds (they carry our key) and charges it did not make', async () => {
    const sale = await stripeSale();
    const ours = refundEvent('evt_refund_ours', sale.gateway_reference, 1000);
    (ours.data.object.metadata as Record<string, string>).idempotency_key = 'our-key';
    expect((await send(ours)).body.outcome).toBe('ignored');
    expect((await send(refundEvent('evt_refund_other', 'ch_unknown', 1000))).body.outcome).toBe('ignored');
    expect(await t.deps.db('transactions').where({ parent_id: sale.id })).toEqual([]);
  });

  it('turns a dispute into a chargeback with its amount held', async () => {
    const sale = await stripeSale();
    const event = {
      id: 'evt_dispute_1',
      object: 'event',
      type: 'charge.dispute.created',
      data: {
        object: {
          id: 'dp_1',
          object: 'dispute',
          amount: 8000,
          charge: sale.gateway_reference,
          reason: 'fraudulent',
          status: 'needs_response',
        },
      },
    };
    expect((await send(event)).body.outcome).toBe('processed');
    expect((await send(event)).body.outcome).toBe('duplicate');
    expect(await t.deps.db('transactions').where({ parent_id: sale.id })).toEqual([
      expect.objectContaining({
        type: 'chargeback',
        status: 'approved',
        amount_cents: 8000,
        reason: 'Dispute: fraudulent',
      }),
    ]);
    expect((await t.deps.db('transactions').where({ id: sale.id }).first()).queued_cents).toBe(8000);
    const history = await t.deps.db('events').where({ customer_id: sale.customer_id, kind: 'transaction.chargeback' });
    expect(history).toHaveLength(1);
    const { agent } = await signIn(t.app, 'agent@example.com');
    const profile = await agent.get(`/customers/${sale.customer_id}`);
    expect(profile.status).toBe(200);
    expect(profile.text).toContain(`Chargeback of $80.00 on charge #${sale.id} (fraudulent)`);
    expect(profile.text).toMatch(/>chargeback</);
  });

  it('answers 400 in our words to a bad signature, a missing one or a body that is not an event; nothing is written', async () => {
    const sale = await stripeSale();
    const event = refundEvent('evt_forged', sale.gateway_reference, 8000);
    const forged = await send(event, signed(JSON.stringify(event), 'whsec_someone_else'));
    expect(forged.status).toBe(400);
    expect(forged.body.error).toMatch(/Stripe-Signature/);
    const unsigned = await request(t.app).post('/gateways/stripe/events').send(event);
    expect(unsigned.status).toBe(400);
    const notJson = await request(t.app)
      .post('/gateways/stripe/events')
      .set('stripe-signature', signed('{oops'))
      .send('{oops');
    expect(notJson.status).toBe(400);
    const notEvent = await send({ hello: 'world' });
    expect(notEvent.status).toBe(400);
    expect(await t.deps.db('transactions').where({ parent_id: sale.id })).toEqual([]);
    expect(await t.deps.db('stripe_events').where({ id: 'evt_forged' })).toEqual([]);
  });
});

describe('POST /gateways/stripe/events with the test gateway', () => {
  it('is not there', async () => {
    const t = await createTestApp({ demo: false });
    const res = await request(t.app).post('/gateways/stripe/events').send('{}');
    expect(res.status).toBe(404);
    await t.close();
  });
});
