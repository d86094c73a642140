import type { Knex } from 'knex';
import { recordEvent, type Actor } from '../audit/record';
import type { Deps } from '../deps';
import { dayIn } from '../lib/clock';
import { formatMoney } from '../lib/money';
import { returnCoupon } from '../coupons/applications';
import { returnCredit } from '../credits/service';
import type { GatewayResult } from './gateway';

type Row = Record<string, any>;

/**
 * What a charge is for: order entry books an approved charge as a placed order, a subscription's
 * charge as a billed cycle. Both run inside the booking transaction with the sale row locked and
 * already updated; they return the sentence the agent reads.
 */
export interface ChargePurpose {
  approved(trx: Knex.Transaction, at: BookingTime, sale: Row, actor: Actor): Promise<string>;
  declined(
    trx: Knex.Transaction,
    at: BookingTime,
    sale: Row,
    actor: Actor,
    answer: { message: string; hard: boolean },
  ): Promise<string>;
}

/** When an answer is booked: the instant, and the day in the account's time zone. */
export interface BookingTime {
  now: Date;
  today: string;
}

/** The purposes by kind: a sale with a purchase is a subscription's, one with an order an order's. */
export interface ChargePurposes {
  order: ChargePurpose;
  purchase: ChargePurpose;
  /** A payment an agent collected on the profile: neither an order nor a subscription's. */
  collection: ChargePurpose;
}
export const purposeOf = (purposes: ChargePurposes, sale: Row) =>
  sale.purchase_id ? purposes.purchase : sale.order_id ? purposes.order : purposes.collection;

export interface SaleAttempt {
  customer_id: number;
  /** None for a payment collected on the profile (no order, no subscription). */
  order_id: number | null;
  purchase_id: number | null;
  payment_instrument_id: number | null;
  amount_cents: number;
  currency: string;
  billing_cycle: number | null;
  idempotency_key: string;
  /** What the charge is for, when an agent wrote it (a collected payment's description). */
  reason?: string;
  user_id: number | null;
  /** Store credit used for the rest of the price: taken now, given back if the card declines. */
  credit_used_cents?: number;
  /** What a coupon took off the price (shown with the charge; its cycle is given back on a decline). */
  discount_cents?: number;
}

/**
 * Step 1 of every charge: the sale row (`sending`, its key and amount) in the caller's short
 * transaction; once committed, a crash leaves it for the reconciler, which asks the gateway by key.
 */
export async function startCharge(
  trx: Knex.Transaction,
  now: Date,
  gateway: string,
  attempt: SaleAttempt,
): Promise<Row> {
  const [sale] = await trx('transactions')
    .insert({ ...attempt, type: 'sale', status: 'sending', gateway, created_at: now, updated_at: now })
    .returning('*');
  return sale;
}

/** Step 2, for any sale row; a thrown error is an unknown answer, never a decline. */
export async function askGatewayToCharge(deps: Pick<Deps, 'db' | 'gateway'>, sale: Row): Promise<GatewayResult> {
  const card = await deps
    .db('payment_instruments')
    .where({ id: sale.payment_instrument_id })
    .first('gateway_token', 'deactivated_at');
  // A deactivated card is never charged, whoever asks (docs/RULES.md §Payment instruments).
  if (card?.deactivated_at)
    return { outcome: 'declined', message: 'The card was deactivated; it is never charged', hard: true };
  try {
    return await deps.gateway.charge({
      idempotencyKey: sale.idempotency_key,
      token: card?.gateway_token ?? '',
      amountCents: Number(sale.amount_cents),
      currency: sale.currency,
      attemptId: sale.id,
    });
  } catch (err) {
    return { outcome: 'errored', message: `No answer from the gateway (${(err as Error).message})` };
  }
}

export interface ChargeOutcome {
  outcome: 'approved' | 'declined' | 'errored';
  message: string;
  saleId: number;
}

/** Steps 2 and 3 after the caller committed step 1. */
export async function sendCharge(deps: Deps, sale: Row, purpose: ChargePurpose, actor: Actor): Promise<ChargeOutcome> {
  return bookCharge(deps, sale.id, await askGatewayToCharge(deps, sale), purpose, actor);
}

/**
 * Step 3: the answer booked in one short transaction with the sale locked. Approved → `pending`
 * (unsettled) and the purpose's booking; declined → the credit and coupon cycle given back and the purpose's
 * booking; unknown → `errored`, nothing else changes until the reconciler learns the outcome.
 * A sale already booked is left as it is.
 */
export async function bookCharge(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  saleId: number,
  answer: GatewayResult,
  purpose: ChargePurpose,
  actor: Actor,
): Promise<ChargeOutcome> {
  const now = deps.clock.now();
  const at = { now, today: dayIn(now, deps.config.tz) };
  return deps.db.transaction(async (trx) => {
    const sale = await trx('transactions').where({ id: saleId, type: 'sale' }).forUpdate().first();
    const open = sale.status === 'sending' || (sale.status === 'errored' && answer.outcome !== 'errored');
    if (!open)
      return {
        outcome: sale.status === 'declined' ? 'declined' : sale.status === 'errored' ? 'errored' : 'approved',
        message: bookedAlready(sale),
        saleId,
      };
    const amount = formatMoney(sale.amount_cents, sale.currency);
    if (answer.outcome === 'errored') {
      await trx('transactions')
        .where({ id: sale.id })
        .update({ status: 'errored', gateway_message: answer.message, updated_at: now });
      await recordEvent(trx, {
        actor,
        kind: 'transaction.charge_errored',
        customerId: sale.customer_id,
        subject: { type: 'transaction', id: sale.id },
        summary: `Charge of ${amount} (#${sale.id}): no answer from the gateway; it is being checked with the gateway`,
      });
      return {
        outcome: 'errored',
        message: `The gateway did not answer, so it is not known whether the card was charged ${amount}. It is being checked with the gateway; nothing will be charged twice.`,
        saleId,
      };
    }
    if (answer.outcome === 'approved') {
      const booked = {
        ...sale,
        status: 'pending',
        gateway_reference: answer.reference,
        gateway_message: answer.message,
      };
      await trx('transactions').where({ id: sale.id }).update({
        status: 'pending',
        gateway_reference: answer.reference,
        gateway_message: answer.message,
        booked_at: now,
        updated_at: now,
      });
      return { outcome: 'approved', message: await purpose.approved(trx, at, booked, actor), saleId };
    }
    await trx('transactions')
      .where({ id: sale.id })
      .update({ status: 'declined', gateway_message: answer.message, booked_at: now, updated_at: now });
    await returnCredit(trx, sale.id, now);
    await returnCoupon(trx, sale.id, now);
    return {
      outcome: 'declined',
      message: await purpose.declined(
        trx,
        at,
        { ...sale, status: 'declined', gateway_message: answer.message },
        actor,
        answer,
      ),
      saleId,
    };
  });
}

function bookedAlready(sale: Row): string {
  if (sale.status === 'declined') return `The card was declined: ${sale.gateway_message}.`;
  if (sale.status === 'errored') return 'The gateway has not answered yet; it is being checked with the gateway.';
  return `Already charged ${formatMoney(sale.amount_cents, sale.currency)}.`;
}
