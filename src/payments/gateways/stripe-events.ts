import type Stripe from 'stripe';
import { recordEvent, type Actor } from '../../audit/record';
import type { Deps } from '../../deps';
import { formatMoney } from '../../lib/money';
import { bookMoneyBack, startMoneyBack, type Op } from '../booking';
import { decide, refundableCents } from '../states';

const STRIPE: Actor = { kind: 'system', name: 'Stripe' };

export type EventOutcome = 'processed' | 'duplicate' | 'ignored';

/** The key of a refund made at Stripe (its dashboard): the adapter's lookup reads the refund back by it. */
const dashboardRefundKey = (refundId: string) => `stripe:refund:${refundId}`;

/**
 * One Stripe event, processed once: its id is recorded afterwards, and each refund or dispute it
 * carries is booked under a key derived from Stripe's own id (unique in `transactions`), so a
 * redelivery — even one racing the first — books nothing twice. Events about charges we did not
 * make, and event types we do not use, are acknowledged and ignored.
 */
export async function processStripeEvent(deps: Deps, event: Stripe.Event): Promise<EventOutcome> {
  if (await deps.db('stripe_events').where({ id: event.id }).first('id')) return 'duplicate';
  const outcome = await bookEvent(deps, event).catch((err: { code?: string }) => {
    if (err.code === '23505') return 'duplicate' as const;
    throw err;
  });
  await deps
    .db('stripe_events')
    .insert({ id: event.id, type: event.type, outcome, received_at: deps.clock.now() })
    .onConflict('id')
    .ignore();
  return outcome;
}

async function bookEvent(deps: Deps, event: Stripe.Event): Promise<EventOutcome> {
  if (event.type === 'refund.created') return bookRefund(deps, event.data.object);
  if (event.type === 'charge.refunded') {
    let outcome: EventOutcome = 'ignored';
    for (const refund of event.data.object.refunds?.data ?? [])
      if ((await bookRefund(deps, refund)) === 'processed') outcome = 'processed';
    return outcome;
  }
  if (event.type === 'charge.dispute.created') return bookDispute(deps, event.data.object);
  return 'ignored';
}

const saleOf = (deps: Deps, chargeId: string | null | undefined) =>
  deps
    .db('transactions')
    .where({ type: 'sale', gateway: 'stripe', gateway_reference: chargeId ?? '' })
    .first('id');

/**
 * A refund made in Stripe's dashboard, booked through the same attempt and booking steps as ours (a
 * release of an unsettled sale is a void). Our own refunds carry our key in their metadata and are
 * booked by our own path.
 */
async function bookRefund(deps: Deps, refund: Stripe.Refund): Promise<EventOutcome> {
  if (!Number.isSafeInteger(refund.amount) || refund.amount < 1) return 'ignored';
  if (refund.metadata?.idempotency_key || refund.status === 'failed' || refund.status === 'canceled') return 'ignored';
  const chargeId = typeof refund.charge === 'string' ? refund.charge : refund.charge?.id;
  const found = await saleOf(deps, chargeId);
  if (!found) return 'ignored';
  const key = dashboardRefundKey(refund.id);
  if (await deps.db('transactions').where({ idempotency_key: key }).first('id')) return 'duplicate';
  const row = await deps.db.transaction(async (trx) => {
    const sale = await trx('transactions').where({ id: found.id }).forUpdate().first();
    const state = {
      status: sale.status,
      amountCents: Number(sale.amount_cents),
      refundedCents: Number(sale.refunded_cents),
      queuedCents: Number(sale.queued_cents),
      currency: sale.currency,
    };
    const op: Op = sale.status === 'pending' ? 'void' : 'refund';
    const decision = decide(op, state, refund.amount);
    if (!decision.ok) {
      await recordEvent(trx, {
        actor: STRIPE,
        kind: 'transaction.stripe_refund_unbooked',
        customerId: sale.customer_id,
        subject: { type: 'transaction', id: sale.id },
        summary: `Stripe reports a refund of ${formatMoney(refund.amount, sale.currency)} on charge #${sale.id} (${refund.id}) that could not be booked: ${decision.message}`,
      });
      return null;
    }
    return startMoneyBack(trx, deps.clock.now(), sale, {
      op,
      amountCents: decision.amountCents,
      key,
      reason: 'Refunded in the Stripe dashboard',
      userId: null,
    });
  });
  if (!row) return 'ignored';
  await bookMoneyBack(
    deps,
    row.id,
    { outcome: 'approved', reference: refund.id, message: 'Refunded at Stripe' },
    STRIPE,
  );
  return 'processed';
}

/** A dispute: a `chargeback` row on the sale, its amount held so nobody refunds it again. */
async function bookDispute(deps: Deps, dispute: Stripe.Dispute): Promise<EventOutcome> {
  const reason = String(dispute.reason ?? 'no reason given').replace(/_/g, ' ');
  const chargeId = typeof dispute.charge === 'string' ? dispute.charge : dispute.charge?.id;
  const found = await saleOf(deps, chargeId);
  if (!found) return 'ignored';
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const sale = await trx('transactions').where({ id: found.id }).forUpdate().first();
    if (!Number.isSafeInteger(dispute.amount) || dispute.amount < 1) return 'ignored' as const;
    const held = Math.min(
      dispute.amount,
      refundableCents({
        status: sale.status,
        amountCents: Number(sale.amount_cents),
        refundedCents: Number(sale.refunded_cents),
        queuedCents: Number(sale.queued_cents),
      }),
    );
    await trx('transactions').insert({
      customer_id: sale.customer_id,
      order_id: sale.order_id,
      purchase_id: sale.purchase_id,
      payment_instrument_id: sale.payment_instrument_id,
      parent_id: sale.id,
      type: 'chargeback',
      status: 'approved',
      amount_cents: held,
      currency: sale.currency,
      gateway: 'stripe',
      gateway_reference: dispute.id,
      gateway_message: `Dispute ${dispute.status}`,
      idempotency_key: `stripe:dispute:${dispute.id}`,
      reason: `Dispute: ${reason}`,
      created_at: now,
      booked_at: now,
      updated_at: now,
    });
    await trx('transactions').where({ id: sale.id }).increment('queued_cents', held).update({ updated_at: now });
    await recordEvent(trx, {
      actor: STRIPE,
      kind: 'transaction.chargeback',
      customerId: sale.customer_id,
      subject: { type: 'transaction', id: sale.id },
      summary: `Chargeback of ${formatMoney(dispute.amount, sale.currency)} on charge #${sale.id} (${reason}); ${formatMoney(held, sale.currency)} is held and cannot be refunded`,
    });
    return 'processed' as const;
  });
}
