import { actorOf, recordEvent, userIdOf } from '../audit/record';
import type { SessionUser } from '../auth/service';
import { blockedBecause } from '../blocklist/service';
import { cardName, whyNotChargeable } from '../cards/status';
import type { Deps } from '../deps';
import { dayIn } from '../lib/clock';
import { formatMoney } from '../lib/money';
import { fail, NotFoundError, type Result } from '../lib/results';
import { type ChargePurpose, sendCharge, startCharge } from './charges';

type Row = Record<string, any>;
type Collected = Result<{ message: string }, string>;

/** How a collected payment is booked, live or by the reconciler: an event and a history line, nothing else. */
export const collectionCharge: ChargePurpose = {
  async approved(trx, _at, sale, actor) {
    const card = await trx('payment_instruments').where({ id: sale.payment_instrument_id }).first('brand', 'last4');
    const summary = `Collected ${formatMoney(sale.amount_cents, sale.currency)} on ${cardName(card)} (charge #${sale.id}): ${sale.reason}`;
    await recordEvent(trx, {
      actor,
      kind: 'transaction.collected',
      customerId: sale.customer_id,
      subject: { type: 'transaction', id: sale.id },
      summary,
    });
    return summary;
  },
  async declined(trx, _at, sale, actor, answer) {
    await recordEvent(trx, {
      actor,
      kind: 'transaction.collect_declined',
      customerId: sale.customer_id,
      subject: { type: 'transaction', id: sale.id },
      summary: `Collecting ${formatMoney(sale.amount_cents, sale.currency)} (${sale.reason}) declined: ${answer.message}`,
    });
    return `The card was declined: ${answer.message}.`;
  },
};

export interface CollectInput {
  key: string;
  amountCents: number;
  description: string;
}

/** The same form sent again: the first answer, never a second charge. */
function earlierAnswer(row: Row, customerId: number): Collected {
  if (row.type !== 'sale' || Number(row.customer_id) !== customerId || row.order_id)
    return fail('key_reused', 'This form was already used for another action. Reload the page and try again.');
  if (row.status === 'declined') return fail('declined', `Already tried: ${row.gateway_message}.`);
  if (row.status === 'sending' || row.status === 'errored')
    return fail('errored', 'This payment is still being checked with the gateway; its outcome will show here.');
  return { ok: true, message: `Already collected ${formatMoney(row.amount_cents, row.currency)}.` };
}

/**
 * Charges an amount on a card on file through the one charge path (payments/charges.ts): the sale
 * has no order and no subscription, its description in `reason`. The blocklist is checked first.
 */
export async function collectOnCard(
  deps: Deps,
  user: SessionUser,
  customerId: number,
  input: CollectInput & { cardId: number },
): Promise<Collected> {
  const now = deps.clock.now();
  const started = await deps.db.transaction(async (trx) => {
    const earlier = await trx('transactions').where({ idempotency_key: input.key }).first();
    if (earlier) return earlierAnswer(earlier, customerId);
    const customer = await trx('customers').where({ id: customerId }).forUpdate().first();
    if (!customer) throw new NotFoundError('That customer');
    const card = await trx('payment_instruments').where({ id: input.cardId, customer_id: customerId }).first();
    if (!card) return fail('no_card', 'Choose one of this customer’s cards.', { card_id: 'Choose a card on file.' });
    const why = whyNotChargeable(card, dayIn(now, deps.config.tz));
    if (why) return fail('not_chargeable', why, { card_id: why });
    const block = await blockedBecause(trx, now, customer, card);
    if (block) return fail('blocked', `Not charged: the blocklist holds ${block.entry} (${block.reason}).`);
    const sale = await startCharge(trx, now, deps.gateway.name, {
      customer_id: customerId,
      order_id: null,
      purchase_id: null,
      payment_instrument_id: card.id,
      amount_cents: input.amountCents,
      currency: customer.currency,
      billing_cycle: null,
      idempotency_key: input.key,
      user_id: userIdOf(user),
      reason: input.description,
    });
    return { sale };
  });
  if (!('sale' in started)) return started;
  const result = await sendCharge(deps, started.sale, collectionCharge, actorOf(user));
  return result.outcome === 'approved' ? { ok: true, message: result.message } : fail(result.outcome, result.message);
}

export const OUTSIDE_LABELS: Record<string, string> = {
  cash: 'Cash',
  bank_transfer: 'Bank transfer',
  check: 'Check',
  other: 'Other',
};

/**
 * Records money the customer paid outside the gateway (cash, a bank transfer…) as a settled sale
 * of the `external` gateway, in one transaction. Nothing is sent anywhere; such a sale is never
 * voided or refunded through a gateway (payments/states.ts refuses it).
 */
export async function registerOutsidePayment(
  deps: Pick<Deps, 'db' | 'clock'>,
  user: SessionUser,
  customerId: number,
  input: CollectInput & { method: string; reference: string },
): Promise<Collected> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const earlier = await trx('transactions').where({ idempotency_key: input.key }).first();
    if (earlier) return earlierAnswer(earlier, customerId);
    const customer = await trx('customers').where({ id: customerId }).forUpdate().first('id', 'currency');
    if (!customer) throw new NotFoundError('That customer');
    const how = OUTSIDE_LABELS[input.method];
    const [sale] = await trx('transactions')
      .insert({
        customer_id: customerId,
        type: 'sale',
        status: 'settled',
        amount_cents: input.amountCents,
        currency: customer.currency,
        gateway: 'external',
        gateway_reference: input.reference,
        gateway_message: `${how}, reference ${input.reference}`,
        idempotency_key: input.key,
        reason: input.description,
        user_id: userIdOf(user),
        settled_at: now,
        booked_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning('*');
    const message = `Registered a payment made outside the gateway: ${formatMoney(sale.amount_cents, sale.currency)} by ${how.toLowerCase()}, reference ${input.reference} (sale #${sale.id}): ${input.description}`;
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'transaction.outside_payment',
      customerId,
      subject: { type: 'transaction', id: sale.id },
      summary: message,
    });
    return { ok: true, message };
  });
}
