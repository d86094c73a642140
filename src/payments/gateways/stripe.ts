import Stripe from 'stripe';
import type { ChargeRequest, FollowUpRequest, Gateway, GatewayResult } from '../gateway';
import { declineOf } from './stripe-declines';

export interface StripeSettings {
  secretKey: string;
  /** Only for a mock server (tests): http://127.0.0.1:PORT. */
  apiBase: string | null;
  /** A call that has not answered by then is `errored` (unknown) and left to the reconciler. */
  timeoutMs?: number;
}

/**
 * Stripe through its official library, on the Charges API: the local mock our tests run against
 * (stripe-stateful-mock) implements charges, capture and refunds but not PaymentIntents, and the
 * Charges API maps one to one onto our operations (docs/GATEWAYS.md has the table). A sale is an
 * uncaptured charge (`capture: false`), captured by the settlement batch; a void is a refund of the
 * uncaptured charge, which releases the authorisation whole; a refund needs a captured charge.
 * Our idempotency key is Stripe's `Idempotency-Key`; the key and our attempt id go in `metadata`.
 * The library never retries on its own (`maxNetworkRetries: 0`): the reconciler repeats with the same
 * key, so every retry is one we booked.
 */
export class StripeGateway implements Gateway {
  readonly name = 'stripe';
  private readonly stripe: Stripe;

  constructor(settings: StripeSettings) {
    const base = settings.apiBase ? new URL(settings.apiBase) : null;
    this.stripe = new Stripe(settings.secretKey, {
      maxNetworkRetries: 0,
      timeout: settings.timeoutMs ?? 30_000,
      telemetry: false,
      ...(base && {
        host: base.hostname,
        port: base.port || (base.protocol === 'https:' ? 443 : 80),
        protocol: base.protocol === 'https:' ? 'https' : 'http',
      }),
    });
  }

  charge(req: ChargeRequest) {
    const payer = req.token.startsWith('cus_') ? { customer: req.token } : { source: req.token };
    return this.call(async () => {
      const charge = await this.stripe.charges.create(
        {
          amount: req.amountCents,
          currency: req.currency.toLowerCase(),
          capture: false,
          ...payer,
          metadata: meta(req),
        },
        { idempotencyKey: req.idempotencyKey },
      );
      return chargeResult(charge);
    });
  }

  /** A refund of an uncaptured charge with no amount: Stripe releases the whole authorisation. */
  void(req: FollowUpRequest) {
    return this.call(async () => {
      const charge = await this.stripe.charges.retrieve(req.saleReference);
      if (!isAnswer(charge, 'charge')) return UNREADABLE;
      if (charge.captured) return { outcome: 'declined', hard: true, message: 'The charge has already been captured' };
      const refund = await this.stripe.refunds.create(
        { charge: req.saleReference, metadata: meta(req) },
        { idempotencyKey: req.idempotencyKey },
      );
      return refundResult(refund, 'Authorisation released');
    });
  }

  refund(req: FollowUpRequest) {
    return this.call(async () => {
      const refund = await this.stripe.refunds.create(
        { charge: req.saleReference, amount: req.amountCents, metadata: meta(req) },
        { idempotencyKey: req.idempotencyKey },
      );
      return refundResult(refund, 'Refunded');
    });
  }

  capture(req: FollowUpRequest) {
    return this.call(async () => {
      try {
        const charge = await this.stripe.charges.capture(req.saleReference, {}, { idempotencyKey: req.idempotencyKey });
        if (!isAnswer(charge, 'charge') || !charge.captured) return UNREADABLE;
        return { outcome: 'approved', reference: charge.id, message: 'Captured' };
      } catch (err) {
        // A batch that captured and crashed before booking finds the charge captured the next day.
        if (err instanceof Stripe.errors.StripeError && err.code === 'charge_already_captured')
          return { outcome: 'approved', reference: req.saleReference, message: 'Captured' };
        throw err;
      }
    });
  }

  /**
   * A sale's charge found by the key in its metadata (Stripe's search, which trails writes by about a
   * minute — less than the reconciler's grace period). Refunds and voids are not searchable: for them
   * (and when search is unavailable, as on the mock) this is null and the reconciler repeats the
   * request with the same key, which Stripe answers with the first result for 24 hours. A refund made
   * in Stripe's dashboard is read back by the id in its key (stripe-events.ts).
   */
  async lookup(idempotencyKey: string): Promise<GatewayResult | null> {
    // A refund made in Stripe's dashboard (a webhook booked it) carries its id in its key: read it back.
    const dashboardRefund = /^stripe:refund:(re_\w+)$/.exec(idempotencyKey);
    if (dashboardRefund)
      return refundResult(await this.stripe.refunds.retrieve(dashboardRefund[1]), 'Refunded at Stripe');
    const key = idempotencyKey.replace(/['\\]/g, '\\$&');
    const found = await this.stripe.charges.search({ query: `metadata['idempotency_key']:'${key}'` });
    if (!Array.isArray(found?.data)) throw new Error('an unreadable search reply');
    return found.data[0] ? chargeResult(found.data[0]) : null;
  }

  /** Stripe's answer in our words: card errors and refusals are declines; no answer or a 5xx is unknown. */
  private async call(operation: () => Promise<GatewayResult>): Promise<GatewayResult> {
    try {
      return await operation();
    } catch (err) {
      return resultOfError(err);
    }
  }
}

const meta = (req: ChargeRequest) => ({
  idempotency_key: req.idempotencyKey,
  ...(req.attemptId !== undefined && { attempt_id: String(req.attemptId) }),
});

/**
 * The library hands back any JSON body without an `error` field as the object asked for, even a 5xx
 * (a proxy's page, a mock's crash report): only an object of the expected kind is an answer.
 */
const UNREADABLE: GatewayResult = { outcome: 'errored', message: 'No answer from Stripe (an unreadable reply)' };
const isAnswer = (o: { object?: string; id?: string; lastResponse?: { statusCode?: number } }, kind: string) =>
  o?.object === kind && typeof o.id === 'string' && (o.lastResponse?.statusCode ?? 200) < 300;

function chargeResult(charge: Stripe.Charge): GatewayResult {
  if (!isAnswer(charge, 'charge')) return UNREADABLE;
  if (charge.status === 'failed') return { outcome: 'declined', ...declineOf(charge.outcome?.reason ?? null) };
  return { outcome: 'approved', reference: charge.id, message: 'Approved' };
}

function refundResult(refund: Stripe.Refund, done: string): GatewayResult {
  if (!isAnswer(refund, 'refund')) return UNREADABLE;
  if (refund.status === 'failed' || refund.status === 'canceled')
    return {
      outcome: 'declined',
      hard: false,
      message: `Refund ${refund.status} (${refund.failure_reason ?? 'no reason given'})`,
    };
  return { outcome: 'approved', reference: refund.id, message: done };
}

export function resultOfError(err: unknown): GatewayResult {
  if (err instanceof Stripe.errors.StripeCardError)
    return { outcome: 'declined', ...declineOf(err.decline_code ?? err.code ?? null, err.message) };
  const e = err as { type?: string; statusCode?: number; message?: string };
  const status = e.statusCode ?? 0;
  // Refused requests (a refund larger than what is left, a charge already refunded, a bad key) are
  // definite: nothing happened. 409 and idempotency errors mean another request with this key.
  if (status >= 400 && status < 500 && status !== 409 && status !== 429 && e.type !== 'StripeIdempotencyError')
    return { outcome: 'declined', hard: true, message: e.message ?? 'Refused by Stripe' };
  return { outcome: 'errored', message: `No answer from Stripe (${e.message ?? 'connection lost'})` };
}
