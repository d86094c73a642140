import crypto from 'node:crypto';
import Stripe from 'stripe';
import type { Deps } from '../../../../src/deps';
import { CHARGE_PURPOSES } from '../../../../src/jobs/charge-purposes';
import { ManualClock } from '../../../../src/lib/clock';
import { createLogger } from '../../../../src/lib/logger';
import { sendCharge, startCharge } from '../../../../src/payments/charges';
import { StripeGateway } from '../../../../src/payments/gateways/stripe';
import { reconcile } from '../../../../src/payments/reconciler';
import { refundTransaction, voidTransaction } from '../../../../src/payments/refunds';
import { settlePendingSales } from '../../../../src/payments/settlement';
import { testConfig } from '../../../support/app';
import { createTestDatabase, type TestDatabase } from '../../../support/db';
import { startFaultProxy } from '../../../support/fault-proxy';
import { stripeMockUrl } from '../../../support/stripe-mock';
import { sessionUser } from '../../../support/users';

const key = () => crypto.randomUUID();
const raw = () => {
  const base = new URL(stripeMockUrl());
  return new Stripe('sk_test_x', { host: base.hostname, port: base.port, protocol: 'http' });
};

describe('the Stripe adapter, against stripe-stateful-mock over HTTP', () => {
  const stripe = () => new StripeGateway({ secretKey: 'sk_test_x', apiBase: stripeMockUrl() });
  const req = (token: string, amountCents = 5000) => ({
    idempotencyKey: key(),
    token,
    amountCents,
    currency: 'USD',
    attemptId: 42,
  });

  it('authorises without capturing, with our key and attempt id in metadata', async () => {
    const r = await stripe().charge(req('tok_visa'));
    if (r.outcome !== 'approved') throw new Error('not approved');
    const charge = await raw().charges.retrieve(r.reference);
    expect(charge).toMatchObject({ captured: false, amount: 5000, currency: 'usd', metadata: { attempt_id: '42' } });
    expect(charge.metadata.idempotency_key).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('maps a 500 from Stripe to errored, and Stripe keeps answering 500 for that key', async () => {
    const r = req('tok_500');
    expect(await stripe().charge(r)).toMatchObject({ outcome: 'errored', message: expect.stringMatching(/Stripe/) });
    expect(await stripe().charge(r)).toMatchObject({ outcome: 'errored' });
  });

  it('maps a 5xx whose body is not a Stripe error (the mock crashing on an unknown token) to errored', async () => {
    expect(await stripe().charge(req('test_4111111111111111'))).toMatchObject({
      outcome: 'errored',
      message: expect.stringMatching(/unreadable/),
    });
  });

  it('maps a timeout to errored; the same key then gets the charge Stripe made', async () => {
    const proxy = await startFaultProxy(stripeMockUrl());
    const slow = new StripeGateway({ secretKey: 'sk_test_x', apiBase: proxy.url, timeoutMs: 300 });
    proxy.failNext('no_reply');
    const r = req('tok_visa');
    expect(await slow.charge(r)).toMatchObject({ outcome: 'errored' });
    expect(await slow.charge(r)).toMatchObject({ outcome: 'approved', reference: expect.stringMatching(/^ch_/) });
    await proxy.close();
  });

  it('charges a card on file (a Stripe customer) without a card number', async () => {
    const customer = await raw().customers.create({ source: 'tok_mastercard' });
    expect(await stripe().charge(req(customer.id))).toMatchObject({ outcome: 'approved' });
  });

  it('refuses a void of a captured charge, a partial refund before capture and a refund beyond the amount', async () => {
    const s = stripe();
    const r = await s.charge(req('tok_visa'));
    if (r.outcome !== 'approved') throw new Error('not approved');
    const on = (amountCents: number) => ({ ...req('tok_visa', amountCents), saleReference: r.reference });
    expect(await s.refund(on(100))).toMatchObject({ outcome: 'declined', hard: true });
    expect(await s.capture(on(5000))).toMatchObject({ outcome: 'approved' });
    expect(await s.capture(on(5000))).toMatchObject({ outcome: 'approved' });
    expect(await s.void(on(5000))).toMatchObject({ outcome: 'declined', message: expect.stringMatching(/captured/) });
    expect(await s.refund(on(6000))).toMatchObject({ outcome: 'declined', message: expect.stringMatching(/greater/) });
  });
});

describe('our money paths with Stripe', () => {
  let t: TestDatabase;
  let deps: Deps;
  let clock: ManualClock;
  let proxy: Awaited<ReturnType<typeof startFaultProxy>>;

  beforeAll(async () => {
    t = await createTestDatabase({ demo: true });
    proxy = await startFaultProxy(stripeMockUrl());
    clock = new ManualClock(new Date('2026-11-23T10:00:00Z'));
    deps = {
      config: testConfig({ gateway: 'stripe' }),
      db: t.db,
      clock,
      logger: createLogger('silent'),
      gateway: new StripeGateway({ secretKey: 'sk_test_x', apiBase: proxy.url }),
    };
  });
  afterAll(async () => {
    await proxy.close();
    await t.drop();
  });

  async function sale(amount = 8000) {
    const [c] = await t
      .db('customers')
      .insert({ first_name: 'Stri', last_name: 'Pe', email: `${key()}@example.com` })
      .returning('id');
    const [pi] = await t
      .db('payment_instruments')
      .insert({
        customer_id: c.id,
        brand: 'Visa',
        last4: '4242',
        bin: '424242',
        exp_month: 12,
        exp_year: 2030,
        fingerprint: key().slice(0, 24),
        gateway_token: 'tok_visa',
      })
      .returning('id');
    const [o] = await t
      .db('orders')
      .insert({ customer_id: c.id, public_id: `S${Date.now() % 1e8}`, status: 'pending' })
      .returning('id');
    const option = await t
      .db('product_options as po')
      .join('products as p', 'p.id', 'po.product_id')
      .where('p.kind', '<>', 'continuity')
      .first('po.id', 'po.product_id');
    await t.db('order_items').insert({
      order_id: o.id,
      product_id: option.product_id,
      product_option_id: option.id,
      name: 'Widget',
      quantity: 1,
      unit_price_cents: amount,
    });
    return t.db.transaction((trx) =>
      startCharge(trx, clock.now(), 'stripe', {
        customer_id: c.id,
        order_id: o.id,
        purchase_id: null,
        payment_instrument_id: pi.id,
        amount_cents: amount,
        currency: 'USD',
        billing_cycle: 1,
        idempotency_key: key(),
        user_id: null,
      }),
    );
  }

  it('a lost reply leaves the sale errored; the reconciler books the authorisation Stripe made, once', async () => {
    const row = await sale();
    proxy.failNext('reply_lost_as_500');
    const first = await sendCharge(deps, row, CHARGE_PURPOSES.order, { kind: 'job', name: 'test' });
    expect(first.outcome).toBe('errored');
    clock.set(new Date(clock.now().getTime() + 3 * 60_000));
    expect(await reconcile(deps, CHARGE_PURPOSES)).toMatchObject({ resolved: 1, stillUnknown: 0 });
    const booked = await t.db('transactions').where({ id: row.id }).first();
    expect(booked).toMatchObject({ status: 'pending', gateway_reference: expect.stringMatching(/^ch_/) });
    const charges = await raw().charges.list({ limit: 100 });
    expect(charges.data.filter((c) => c.metadata.idempotency_key === row.idempotency_key)).toHaveLength(1);
  });

  it('settlement captures at Stripe; a refund then moves money back with our key, a void releases', async () => {
    const user = await sessionUser(t.db, 'agent@example.com');
    const [toSettle, toVoid] = [await sale(), await sale()];
    for (const row of [toSettle, toVoid])
      await sendCharge(deps, row, CHARGE_PURPOSES.order, { kind: 'job', name: 'test' });
    const voided = await voidTransaction(deps, user, toVoid.id, { idempotencyKey: key(), reason: 'Customer request' });
    expect(voided).toMatchObject({ ok: true, saleStatus: 'voided' });
    clock.set(new Date(clock.now().getTime() + 60_000));
    // This one and the reconciled one above; the demo data's sales were made by the test gateway.
    expect(await settlePendingSales(deps)).toEqual({ settled: 2 });
    const settled = await t.db('transactions').where({ id: toSettle.id }).first();
    expect(settled.status).toBe('settled');
    expect(await raw().charges.retrieve(settled.gateway_reference)).toMatchObject({ captured: true });
    const refundKey = key();
    const refunded = await refundTransaction(deps, user, toSettle.id, {
      idempotencyKey: refundKey,
      reason: 'Customer request',
      amountCents: 3000,
    });
    expect(refunded).toMatchObject({ ok: true, saleStatus: 'partially_refunded' });
    const charge = await raw().charges.retrieve(settled.gateway_reference);
    expect(charge.amount_refunded).toBe(3000);
    const voidedCharge = await raw().charges.retrieve(
      (await t.db('transactions').where({ id: toVoid.id }).first()).gateway_reference,
    );
    expect(voidedCharge).toMatchObject({ captured: false, refunded: true });
  });
});
