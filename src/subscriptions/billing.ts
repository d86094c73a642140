import type { Knex } from 'knex';
import { recordEvent, type Actor } from '../audit/record';
import { findBlock } from '../blocklist/service';
import { TYPE_LABELS, type EntryType } from '../blocklist/normalize';
import type { Deps } from '../deps';
import { addDays, dayIn } from '../lib/clock';
import { formatMoney } from '../lib/money';
import { fail, NotFoundError, type Result } from '../lib/results';
import { afterBilling, decidePurchase } from './states';

export type BillFailure = 'not_allowed' | 'blocked' | 'declined' | 'errored' | 'no_card';

/**
 * Bills the current cycle of a purchase now (force bill; the daily rebill will call the same path).
 * In one transaction with the purchase and the customer locked: the rule is checked, the blocklist
 * is consulted before the gateway (a blocked charge never reaches it), the credit balance is used
 * first, then the card is charged with the form's idempotency key. Success advances the cycle and
 * the next bill date and creates a pending fulfillment; a decline is recorded and changes nothing else.
 */
export async function billPurchase(deps: Deps, actor: Actor, purchaseId: number, key: string, mode: 'force' | 'rebill' = 'force'): Promise<Result<{ message: string; replayed?: boolean }, BillFailure | 'replayed'>> {
  const now = deps.clock.now();
  const today = dayIn(now, deps.config.tz);
  return deps.db.transaction(async (trx) => {
    const p = await trx('purchases').where({ id: purchaseId }).forUpdate().first();
    if (!p) throw new NotFoundError('That subscription');
    const earlier = await trx('transactions').where({ idempotency_key: key }).first();
    if (earlier) return earlier.status === 'declined' ? fail('replayed', `Already tried: ${earlier.gateway_message}.`) : { ok: true, message: 'Already billed.', replayed: true };
    const rule = decidePurchase('bill', p.status);
    if (!rule.ok) return rule;
    const customer = await trx('customers').where({ id: p.customer_id }).forUpdate().first();
    const card = p.payment_instrument_id ? await trx('payment_instruments').where({ id: p.payment_instrument_id }).first() : null;
    const option = await trx('product_options').where({ id: p.product_option_id }).first();
    const cycle = p.billing_cycle + 1;
    const amount = p.quantity * (p.next_price_cents ?? p.unit_price_cents);
    const sale = { customer_id: p.customer_id, order_id: p.order_id, purchase_id: p.id, payment_instrument_id: p.payment_instrument_id, type: 'sale', amount_cents: 0, currency: p.currency, billing_cycle: cycle, created_at: now, updated_at: now };

    const block = await findBlock(trx as unknown as Deps['db'], now, {
      email: customer.email, phone: customer.phone, address: customer.billing_address1, country: customer.billing_country,
      card_fingerprint: card?.fingerprint, card_bin: card?.bin,
    });
    if (block) {
      const why = `Blocked before the gateway by the blocklist: ${TYPE_LABELS[block.type as EntryType].toLowerCase()} ${block.display_value} (${block.reason})`;
      await trx('transactions').insert({ ...sale, amount_cents: amount, status: 'declined', gateway: 'blocklist', gateway_message: why, idempotency_key: key });
      await recordEvent(trx, { actor, kind: 'purchase.bill_blocked', customerId: p.customer_id, subject: { type: 'purchase', id: p.id }, summary: `Billing of subscription #${p.id} refused: ${why}` });
      // A blocked customer will not pass tomorrow either: the rebill stops the subscription.
      if (mode === 'rebill') await stop(trx, now, actor, p, `Blocklisted (${block.reason})`);
      return fail('blocked', `${why}.`);
    }

    const credit = Math.min(customer.credit_balance_cents, amount);
    const charge = amount - credit;
    if (charge > 0 && !card) return fail('no_card', 'This subscription has no card on file to charge.');
    if (charge > 0) {
      const answer = await deps.gateway.charge({ idempotencyKey: key, token: card.gateway_token, amountCents: charge, currency: p.currency });
      if (answer.outcome !== 'approved') {
        await trx('transactions').insert({ ...sale, amount_cents: charge, status: answer.outcome, gateway: deps.gateway.name, gateway_message: answer.message, idempotency_key: key });
        await recordEvent(trx, { actor, kind: `purchase.bill_${answer.outcome}`, customerId: p.customer_id, subject: { type: 'purchase', id: p.id }, summary: `Billing ${formatMoney(charge, p.currency)} for subscription #${p.id} ${answer.outcome === 'declined' ? `declined: ${answer.message}` : 'got no answer from the gateway'}` });
        if (answer.outcome === 'declined' && mode === 'rebill') await recycle(trx, now, today, actor, p, answer.message);
        return answer.outcome === 'declined' ? fail('declined', `The card was declined: ${answer.message}.`) : fail('errored', 'The gateway did not answer; nothing else was changed. Try again with the same form to check.');
      }
      await trx('transactions').insert({ ...sale, amount_cents: charge, status: 'pending', gateway: deps.gateway.name, gateway_reference: answer.reference, gateway_message: answer.message, idempotency_key: key });
    }
    if (credit > 0) await trx('customers').where({ id: customer.id }).update({ credit_balance_cents: customer.credit_balance_cents - credit, updated_at: now });

    const status = afterBilling(p.status, cycle, p.final_bill_cycle);
    const next = status === 'complete' ? null : addDays(today, option.cycle_days ?? 30);
    await trx('purchases').where({ id: p.id }).update({ status, billing_cycle: cycle, next_bill_date: next, next_price_cents: null, recycle_attempts: 0, updated_at: now });
    const order = await trx('orders').where({ id: p.order_id }).first('public_id');
    const [f] = await trx('fulfillments').insert({ order_id: p.order_id, customer_id: p.customer_id, purchase_id: p.id, reference: `F-${order.public_id}-C${cycle}-${p.id}`, status: 'pending', created_at: now, updated_at: now }).returning('id');
    await trx('fulfillment_items').insert({ fulfillment_id: f.id, product_option_id: option.id, name: option.name, quantity: p.quantity });
    const paid = [charge ? `${formatMoney(charge, p.currency)} on the card` : '', credit ? `${formatMoney(credit, p.currency)} from credit` : ''].filter(Boolean).join(' + ');
    const summary = `Billed cycle ${cycle} of subscription #${p.id}: ${paid}; next bill ${next ?? '— (final cycle)'}`;
    await recordEvent(trx, { actor, kind: 'purchase.billed', customerId: p.customer_id, subject: { type: 'purchase', id: p.id }, summary,
      before: { status: p.status, billing_cycle: p.billing_cycle, next_bill_date: p.next_bill_date }, after: { status, billing_cycle: cycle, next_bill_date: next } });
    return { ok: true, message: summary };
  });
}

/** Rebill declines retried on the next two daily runs, then the subscription is cancelled. */
export const REBILL_ATTEMPTS = 3;

async function recycle(trx: Knex.Transaction, now: Date, today: string, actor: Actor, p: Record<string, any>, reason: string) {
  const attempts = p.recycle_attempts + 1;
  if (attempts >= REBILL_ATTEMPTS) return stop(trx, now, actor, p, 'Rebill declined');
  await trx('purchases').where({ id: p.id }).update({ status: 'recycling', recycle_attempts: attempts, next_bill_date: addDays(today, 1), updated_at: now });
  await recordEvent(trx, { actor, kind: 'purchase.recycling', customerId: p.customer_id, subject: { type: 'purchase', id: p.id },
    summary: `Rebill of subscription #${p.id} declined (${reason}); retry ${attempts} of ${REBILL_ATTEMPTS - 1} tomorrow`, before: { status: p.status }, after: { status: 'recycling' } });
}

async function stop(trx: Knex.Transaction, now: Date, actor: Actor, p: Record<string, any>, reason: string) {
  await trx('purchases').where({ id: p.id }).update({ status: 'cancelled', cancel_reason: reason, cancelled_at: now, next_bill_date: null, updated_at: now });
  await recordEvent(trx, { actor, kind: 'purchase.cancelled', customerId: p.customer_id, subject: { type: 'purchase', id: p.id },
    summary: `Cancelled subscription #${p.id}: ${reason}`, before: { status: p.status }, after: { status: 'cancelled' } });
}
