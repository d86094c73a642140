import type { Knex } from 'knex';
import { actorOf, recordEvent, type Actor } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Deps } from '../deps';
import { enqueueEmail } from '../email/outbox';
import { templates } from '../email/templates';
import { formatMoney } from '../lib/money';
import { fail, NotFoundError, type Failure } from '../lib/results';
import type { GatewayResult } from './gateway';
import { LIVE_PURCHASE_STATUSES } from '../subscriptions/states';
import { MAX_RETRIES, queueDeclinedRefund } from './refund-queue';
import { decide, type SaleStatus } from './states';

export interface MoneyBackInput {
  idempotencyKey: string;
  reason: string;
  /** Refunds only; a void is always the whole amount. */
  amountCents?: number;
}

export type MoneyBackResult =
  | { ok: true; transactionId: number; amountCents: number; saleStatus: SaleStatus; replayed: boolean; message: string }
  | Failure<'gateway_declined' | 'gateway_errored' | 'refund_queued' | 'key_reused' | string>;

type Op = 'refund' | 'void';

/**
 * Refunds or voids a sale. No double money movement: the sale row is locked for the whole operation
 * (gateway call included), the rule is re-checked inside the lock, and the idempotency key — rendered
 * into the agent's form — is unique in the database and sent to the gateway. A repeated key replays
 * the first result; a repeated key after an unknown (errored) answer asks the gateway what happened.
 */
export function refundTransaction(deps: Deps, user: SessionUser, saleId: number, input: MoneyBackInput) {
  return moveMoneyBack(deps, user, 'refund', saleId, input);
}

export function voidTransaction(deps: Deps, user: SessionUser, saleId: number, input: MoneyBackInput) {
  return moveMoneyBack(deps, user, 'void', saleId, input);
}

async function moveMoneyBack(deps: Deps, user: SessionUser, op: Op, saleId: number, input: MoneyBackInput): Promise<MoneyBackResult> {
  return deps.db.transaction(async (trx) => {
    const sale = await trx('transactions as t')
      .leftJoin('payment_instruments as pi', 'pi.id', 't.payment_instrument_id')
      .select('t.*', 'pi.gateway_token', 'pi.last4')
      .where('t.id', saleId)
      .where('t.type', 'sale')
      .forUpdate('t')
      .first();
    if (!sale) throw new NotFoundError('That charge');

    const earlier = await trx('transactions').where({ idempotency_key: input.idempotencyKey }).first();
    if (earlier) {
      if (earlier.parent_id !== saleId || earlier.type !== op) return fail('key_reused', 'This form was already used for another action. Reload the page and try again.');
      if (earlier.status !== 'errored') return replay(earlier, sale.status, op);
      return settleErrored(deps, trx, user, op, sale, earlier);
    }

    const decision = decide(op, { status: sale.status, amountCents: sale.amount_cents, refundedCents: sale.refunded_cents, queuedCents: sale.queued_cents, currency: sale.currency }, input.amountCents);
    if (!decision.ok) return decision;

    const request = { idempotencyKey: input.idempotencyKey, token: sale.gateway_token ?? '', amountCents: decision.amountCents, currency: sale.currency, saleReference: sale.gateway_reference ?? '' };
    const answer = op === 'refund' ? await deps.gateway.refund(request) : await deps.gateway.void(request);
    const [row] = await trx('transactions')
      .insert({
        customer_id: sale.customer_id, order_id: sale.order_id, purchase_id: sale.purchase_id, payment_instrument_id: sale.payment_instrument_id,
        parent_id: sale.id, type: op, status: answer.outcome, amount_cents: decision.amountCents, currency: sale.currency,
        gateway: deps.gateway.name, gateway_reference: answer.outcome === 'approved' ? answer.reference : null, gateway_message: answer.message,
        idempotency_key: input.idempotencyKey, reason: input.reason, user_id: user.id,
      })
      .returning('*');
    return apply(deps, trx, deps.clock.now(), user, op, sale, row, answer);
  });
}

/** Books the gateway's answer on the sale: approved moves money, declined refunds are queued, errored holds. */
async function apply(deps: Deps, trx: Knex.Transaction, now: Date, user: SessionUser, op: Op, sale: Record<string, any>, row: Record<string, any>, answer: GatewayResult): Promise<MoneyBackResult> {
  const amount = money(row.amount_cents, sale.currency);
  if (answer.outcome === 'errored') {
    // Unknown outcome: hold the amount so nobody refunds it again before the gateway is asked.
    await trx('transactions').where({ id: sale.id }).increment('queued_cents', row.amount_cents).update({ updated_at: trx.fn.now() });
    await recordEvent(trx, { actor: actorOf(user), kind: `transaction.${op}_errored`, customerId: sale.customer_id, subject: { type: 'transaction', id: sale.id },
      summary: `${op === 'refund' ? 'Refund' : 'Void'} of ${amount} on charge #${sale.id}: no answer from the gateway; the amount is held until it is checked` });
    return fail('gateway_errored', `The gateway did not answer, so it is not known whether the ${op} went through. ${amount} is held on this charge; submit the same form again to check — it will never ${op} twice.`);
  }
  if (answer.outcome === 'declined' && op === 'refund') {
    const queued = await queueDeclinedRefund(trx, now, deps.config.tz, sale as { id: number; customer_id: number; currency: string }, row.amount_cents, row.reason, answer.message, user.id);
    const when = formatWhen(queued.nextAttemptAt, deps.config.tz);
    await recordEvent(trx, { actor: actorOf(user), kind: 'transaction.refund_queued', customerId: sale.customer_id, subject: { type: 'transaction', id: sale.id },
      summary: `Refund of ${amount} on charge #${sale.id} declined by the gateway (${answer.message}); queued — retry 1 of ${MAX_RETRIES} on ${when}` });
    return fail('refund_queued', `The gateway declined the refund (${answer.message}). Refund queued — retry 1 of ${MAX_RETRIES} on ${when}. ${amount} is held meanwhile.`);
  }
  if (answer.outcome === 'declined') {
    await recordEvent(trx, { actor: actorOf(user), kind: `transaction.${op}_declined`, customerId: sale.customer_id, subject: { type: 'transaction', id: sale.id },
      summary: `Void of ${amount} on charge #${sale.id} declined by the gateway: ${answer.message}` });
    return fail('gateway_declined', `The gateway declined the ${op}: ${answer.message}.`);
  }
  const next = await bookApprovedRefund(trx, now, actorOf(user), sale, row);
  return { ok: true, transactionId: row.id, amountCents: row.amount_cents, saleStatus: next, replayed: false, message: `${op === 'refund' ? 'Refunded' : 'Voided'} ${amount}.` };
}

/**
 * An approved refund or void (its row already inserted) on the locked sale: the sale's new status,
 * the event and history line, auto-cancel, and the customer's email. Shared by direct refunds and
 * the refund queue, so a retried refund is recorded exactly as a direct one.
 */
export async function bookApprovedRefund(
  trx: Knex.Transaction,
  now: Date,
  actor: Actor,
  sale: Record<string, any>,
  row: Record<string, any>,
  options: { note?: string; releaseHeldCents?: number; recipient?: { first_name: string; email: string | null; public_id: string | null } } = {},
): Promise<SaleStatus> {
  const op: Op = row.type;
  const note = options.note ?? '';
  const refunded = op === 'refund' ? sale.refunded_cents + row.amount_cents : sale.refunded_cents;
  const next: SaleStatus = op === 'void' ? 'voided' : refunded === sale.amount_cents ? 'refunded' : 'partially_refunded';
  const held = sale.queued_cents - (options.releaseHeldCents ?? 0);
  await trx('transactions').where({ id: sale.id }).update({ status: next, refunded_cents: refunded, queued_cents: held, updated_at: now });
  await recordEvent(trx, {
    actor, kind: `transaction.${op}`, customerId: sale.customer_id, subject: { type: 'transaction', id: sale.id },
    summary: `${op === 'refund' ? 'Refunded' : 'Voided'} ${money(row.amount_cents, sale.currency)} of charge #${sale.id} — ${row.reason}${note ? ` ${note}` : ''}`,
    before: { status: sale.status, refunded_cents: sale.refunded_cents }, after: { status: next, refunded_cents: refunded },
  });
  await autoCancelPurchase(trx, now, actor, op, sale);
  const customer = options.recipient ?? await trx('customers as c')
    .leftJoin('orders as o', (j) => j.on('o.customer_id', 'c.id').andOnVal('o.id', sale.order_id ?? 0))
    .select('c.first_name', 'c.email', 'o.public_id')
    .where('c.id', sale.customer_id)
    .first();
  await enqueueEmail(trx, now, customer.email, templates[op](customer, { amountCents: row.amount_cents, currency: sale.currency, orderId: customer.public_id ?? null, last4: sale.last4 }), sale.customer_id);
  return next;
}

const formatWhen = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d).replace(',', '');

/** The same key again after an unknown answer: ask the gateway (same key, so it cannot act twice). */
async function settleErrored(deps: Deps, trx: Knex.Transaction, user: SessionUser, op: Op, sale: Record<string, any>, row: Record<string, any>): Promise<MoneyBackResult> {
  const request = { idempotencyKey: row.idempotency_key, token: sale.gateway_token ?? '', amountCents: row.amount_cents, currency: sale.currency, saleReference: sale.gateway_reference ?? '' };
  const answer = (await deps.gateway.lookup(row.idempotency_key)) ?? (op === 'refund' ? await deps.gateway.refund(request) : await deps.gateway.void(request));
  if (answer.outcome === 'errored') return fail('gateway_errored', 'The gateway still does not answer. The amount stays held; try again in a few minutes.');
  await trx('transactions').where({ id: sale.id }).decrement('queued_cents', row.amount_cents);
  sale.queued_cents -= row.amount_cents;
  await trx('transactions').where({ id: row.id }).update({ status: answer.outcome, gateway_reference: answer.outcome === 'approved' ? answer.reference : null, gateway_message: answer.message, updated_at: trx.fn.now() });
  return apply(deps, trx, deps.clock.now(), user, op, sale, { ...row, status: answer.outcome }, answer);
}

/**
 * Setting "auto-cancel on refund and void" (off by default): money given back on a subscription's
 * charge also stops that subscription and its fulfillments that have not shipped.
 */
async function autoCancelPurchase(trx: Knex.Transaction, now: Date, actor: Actor, op: Op, sale: Record<string, any>) {
  if (!sale.purchase_id) return;
  const settings = await trx('settings').first('auto_cancel_on_refund');
  if (!settings?.auto_cancel_on_refund) return;
  const purchase = await trx('purchases').where({ id: sale.purchase_id }).whereIn('status', LIVE_PURCHASE_STATUSES).forUpdate().first();
  if (!purchase) return;
  const reason = op === 'refund' ? 'Refunded (auto-cancel)' : 'Voided (auto-cancel)';
  await trx('purchases').where({ id: purchase.id }).update({ status: 'cancelled', cancel_reason: reason, cancelled_at: now, updated_at: now });
  const fulfillments = await trx('fulfillments').where({ purchase_id: purchase.id }).whereIn('status', ['hold', 'pending']).update({ status: 'cancelled', updated_at: now });
  await recordEvent(trx, {
    actor, kind: 'purchase.cancelled', customerId: sale.customer_id, subject: { type: 'purchase', id: purchase.id },
    summary: `Cancelled subscription #${purchase.id} because its charge #${sale.id} was ${op === 'refund' ? 'refunded' : 'voided'} (auto-cancel is on); ${fulfillments} unshipped fulfillment(s) cancelled`,
    before: { status: purchase.status }, after: { status: 'cancelled' },
  });
}

function replay(row: Record<string, any>, saleStatus: SaleStatus, op: Op): MoneyBackResult {
  if (row.status === 'declined' && op === 'refund') return fail('refund_queued', `The gateway declined this refund (${row.gateway_message}); it is in the refund queue.`);
  if (row.status === 'declined') return fail('gateway_declined', `The gateway declined the ${op}: ${row.gateway_message}.`);
  return { ok: true, transactionId: row.id, amountCents: row.amount_cents, saleStatus, replayed: true, message: `Already done: ${op === 'refund' ? 'refunded' : 'voided'} ${money(row.amount_cents, row.currency)}.` };
}

const money = (cents: number, currency: string) => formatMoney(cents, currency);
