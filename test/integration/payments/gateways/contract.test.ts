import crypto from 'node:crypto';
import type { Gateway } from '../../../../src/payments/gateway';
import { StripeGateway } from '../../../../src/payments/gateways/stripe';
import { TestGateway } from '../../../../src/payments/gateways/test-gateway';
import { createTestDatabase } from '../../../support/db';
import { startFaultProxy } from '../../../support/fault-proxy';
import { stripeMockUrl } from '../../../support/stripe-mock';

/**
 * What every gateway must do, run against each one: the built-in test gateway and Stripe (through the
 * official library, over HTTP, to stripe-stateful-mock). A new processor adds one entry to HARNESSES.
 */
interface Harness {
  gateway: Gateway;
  /** The same gateway behind a hop that can lose the next reply after the gateway acted. */
  lossy: Gateway;
  loseNextReply(): void;
  tokens: { approve: string; softDecline: string; hardDecline: string };
  close(): Promise<void>;
}

const HARNESSES: [string, () => Promise<Harness>][] = [
  [
    'test',
    async () => {
      const t = await createTestDatabase();
      const gateway = new TestGateway(t.db);
      // The timeout card is the test gateway's lost reply: it acts and the caller hears nothing.
      let lose = false;
      const lossy: Gateway = Object.assign(Object.create(gateway), {
        charge: (req: Parameters<Gateway['charge']>[0]) => {
          const token = lose ? 'test_4000000000000150' : req.token;
          lose = false;
          return gateway.charge({ ...req, token });
        },
      });
      return {
        gateway,
        lossy,
        loseNextReply: () => {
          lose = true;
        },
        tokens: {
          approve: 'test_4111111111111111',
          softDecline: 'test_4000000000000002',
          hardDecline: 'test_4000000000000069',
        },
        close: () => t.drop(),
      };
    },
  ],
  [
    'stripe',
    async () => {
      const proxy = await startFaultProxy(stripeMockUrl());
      return {
        gateway: new StripeGateway({ secretKey: 'sk_test_contract', apiBase: stripeMockUrl() }),
        lossy: new StripeGateway({ secretKey: 'sk_test_contract', apiBase: proxy.url }),
        loseNextReply: () => proxy.failNext('reply_lost_as_500'),
        tokens: {
          approve: 'tok_visa',
          softDecline: 'tok_chargeDeclinedInsufficientFunds',
          hardDecline: 'tok_chargeDeclinedFraudulent',
        },
        close: proxy.close,
      };
    },
  ],
];

const key = () => crypto.randomUUID();

describe.each(HARNESSES)('the %s gateway keeps the gateway contract', (_name, start) => {
  let h: Harness;
  beforeAll(async () => (h = await start()));
  afterAll(() => h.close());

  const sale = (over: { token?: string; amountCents?: number; idempotencyKey?: string } = {}) =>
    h.gateway.charge({
      idempotencyKey: over.idempotencyKey ?? key(),
      token: over.token ?? h.tokens.approve,
      amountCents: over.amountCents ?? 5000,
      currency: 'USD',
      attemptId: 1,
    });
  const approved = async (over: Parameters<typeof sale>[0] = {}) => {
    const r = await sale(over);
    if (r.outcome !== 'approved') throw new Error(`expected approval, got ${JSON.stringify(r)}`);
    return r.reference;
  };
  const followUp = (saleReference: string, amountCents = 5000, idempotencyKey = key()) => ({
    idempotencyKey,
    token: h.tokens.approve,
    amountCents,
    currency: 'USD',
    saleReference,
  });
  /** Settlement: a capture where the gateway captures sale by sale; the test gateway settles by batch. */
  const settle = async (reference: string) => {
    if (h.gateway.capture) expect((await h.gateway.capture(followUp(reference, 5000))).outcome).toBe('approved');
  };

  it('approves a sale with a reference', async () => {
    expect(await sale()).toEqual({ outcome: 'approved', reference: expect.any(String), message: expect.any(String) });
  });

  it('declines softly with a sentence an agent can read', async () => {
    expect(await sale({ token: h.tokens.softDecline })).toEqual({
      outcome: 'declined',
      hard: false,
      message: 'Insufficient funds',
    });
  });

  it('declines hard when the card must never be retried', async () => {
    const r = await sale({ token: h.tokens.hardDecline });
    expect(r).toMatchObject({ outcome: 'declined', hard: true });
    expect(r.message).toMatch(/^[A-Z].{5,}/);
  });

  it('voids a sale before settlement, whole', async () => {
    const reference = await approved();
    expect(await h.gateway.void(followUp(reference))).toMatchObject({ outcome: 'approved' });
  });

  it('refunds after settlement, partially, up to the amount', async () => {
    const reference = await approved();
    await settle(reference);
    expect(await h.gateway.refund(followUp(reference, 2000))).toMatchObject({ outcome: 'approved' });
    expect(await h.gateway.refund(followUp(reference, 3000))).toMatchObject({ outcome: 'approved' });
  });

  it('answers the same key twice with the first answer: one sale, one refund', async () => {
    const k = key();
    const first = await approved({ idempotencyKey: k });
    expect(await approved({ idempotencyKey: k })).toBe(first);
    await settle(first);
    const rk = key();
    const refund = await h.gateway.refund(followUp(first, 1000, rk));
    expect(await h.gateway.refund(followUp(first, 1000, rk))).toEqual(refund);
  });

  it('reports a lost reply as errored, never declined; the same key then learns the real outcome', async () => {
    const k = key();
    h.loseNextReply();
    const req = { idempotencyKey: k, token: h.tokens.approve, amountCents: 5000, currency: 'USD', attemptId: 2 };
    expect(await h.lossy.charge(req)).toMatchObject({ outcome: 'errored' });
    const learnt = await h.lossy.charge(req);
    expect(learnt).toMatchObject({ outcome: 'approved' });
    // It acted once: the same key through the plain gateway names the same sale.
    expect(await h.gateway.charge(req)).toEqual(learnt);
  });
});
