import { recordEvent, type Actor } from '../audit/record';
import type { Deps } from '../deps';
import { dayIn } from '../lib/clock';
import { fail, NotFoundError, type Result } from '../lib/results';
import { blockedBecause } from '../blocklist/service';
import { sendCharge, startCharge } from '../payments/charges';
import { cancelPurchase } from './cancellation';
import { backupFor, cardToBill, chargeBeforeBackup, tryBackup } from './billing-cards';
import { resumeAfterFirstDecline } from './backup-resume';
import { advance, isRebill, recycle } from './charge-booking';
import { priceCycle } from './cycle-price';
import { decidePurchase } from './states';

export type BillFailure = 'not_allowed' | 'blocked' | 'declined' | 'errored' | 'no_card' | 'in_flight';

/**
 * Bills the next cycle of a purchase now (force bill, and the daily rebill). A short transaction
 * with the purchase and the customer locked checks the rule, the blocklist (a blocked charge never
 * reaches the gateway) and that no earlier charge of this purchase is still unresolved; a coupon's
 * discount and then store credit are used first (cycle-price.ts); what is left is charged through the one charge path (payments/charges.ts)
 * with the form's or the rebill's idempotency key. Success advances the cycle and creates a
 * fulfillment; a decline is recorded and changes nothing else (the rebill recycles it).
 */
export async function billPurchase(
  deps: Deps,
  actor: Actor,
  purchaseId: number,
  key: string,
): Promise<Result<{ message: string; replayed?: boolean }, BillFailure | 'replayed'>> {
  const now = deps.clock.now();
  const at = { now, today: dayIn(now, deps.config.tz) };
  const started = await deps.db.transaction(async (trx) => {
    const p = await trx('purchases').where({ id: purchaseId }).forUpdate().first();
    if (!p) throw new NotFoundError('That subscription');
    const earlier = await trx('transactions').where({ idempotency_key: key }).first();
    if (earlier) {
      // The same rebill key declined and the purchase still due: the run stopped before its backup attempt.
      if (earlier.status === 'declined' && isRebill(key)) return { resume: earlier };
      if (earlier.status === 'declined') return fail('replayed', `Already tried: ${earlier.gateway_message}.`);
      if (earlier.status === 'sending' || earlier.status === 'errored')
        return fail('in_flight', 'This charge is still being checked with the gateway; its outcome will show here.');
      return { ok: true as const, message: 'Already billed.', replayed: true };
    }
    const rule = decidePurchase('bill', p.status);
    if (!rule.ok) return rule;
    const unresolved = await trx('transactions')
      .where({ purchase_id: p.id, type: 'sale' })
      .whereIn('status', ['sending', 'errored'])
      .first('id');
    if (unresolved)
      return fail(
        'in_flight',
        `Charge #${unresolved.id} of this subscription is still being checked with the gateway; bill again once its outcome shows.`,
      );
    const customer = await trx('customers').where({ id: p.customer_id }).forUpdate().first();
    const card = await cardToBill(trx, at, actor, p);
    const cycle = p.billing_cycle + 1;
    const amount = p.quantity * (p.next_price_cents ?? p.unit_price_cents);

    const block = await blockedBecause(trx, now, customer, card);
    if (block) {
      const blocked = `Blocked before the gateway by the blocklist: ${block.entry}`;
      await trx('transactions').insert({
        customer_id: p.customer_id,
        order_id: p.order_id,
        purchase_id: p.id,
        payment_instrument_id: p.payment_instrument_id,
        type: 'sale',
        status: 'declined',
        amount_cents: amount,
        currency: p.currency,
        billing_cycle: cycle,
        gateway: 'blocklist',
        gateway_message: blocked,
        idempotency_key: key,
        created_at: now,
        updated_at: now,
      });
      await recordEvent(trx, {
        actor,
        kind: 'purchase.bill_blocked',
        customerId: p.customer_id,
        subject: { type: 'purchase', id: p.id },
        summary: `Billing of subscription #${p.id} refused: ${blocked}`,
      });
      // A blocked customer will not pass tomorrow either: the rebill stops the subscription.
      if (isRebill(key))
        await cancelPurchase(
          trx,
          now,
          actor,
          p.id,
          `Blocklisted (${block.reason})`,
          'the customer is on the blocklist',
        );
      return fail('blocked', `${blocked}.`);
    }
    const price = await priceCycle(trx, p, cycle, amount);
    if (price.charge > 0 && !card) {
      // A rebill without a card recycles like a decline (tomorrow, then cancelled), instead of staying due.
      if (isRebill(key)) await recycle(trx, at, actor, p, 'no card on file');
      return fail('no_card', 'This subscription has no card on file to charge.');
    }
    if (price.charge === 0) {
      await price.reserve(now, null);
      return { ok: true as const, message: await advance(trx, at, actor, p, cycle, price.paidWithout) };
    }
    const backup = await backupFor(trx, at, customer, card!, key);
    const sale = await startCharge(trx, now, deps.gateway.name, {
      customer_id: p.customer_id,
      order_id: p.order_id,
      purchase_id: p.id,
      payment_instrument_id: card!.id,
      amount_cents: price.charge,
      currency: p.currency,
      billing_cycle: cycle,
      idempotency_key: key,
      user_id: actor.kind === 'user' ? actor.id : null,
      credit_used_cents: price.credit,
      discount_cents: price.discount,
    });
    await price.reserve(now, sale.id);
    return { sale, backup };
  });
  if ('resume' in started) {
    const resumed = await resumeAfterFirstDecline(deps, actor, started.resume);
    if (!resumed) return fail('replayed', `Already tried: ${started.resume.gateway_message}.`);
    return resumed.outcome === 'approved'
      ? { ok: true, message: resumed.message }
      : fail(resumed.outcome, resumed.message);
  }
  if (!('sale' in started) || !started.sale) return started as Exclude<typeof started, { sale: unknown }>;
  const first = await sendCharge(deps, started.sale, chargeBeforeBackup(started.backup), actor);
  const result =
    (first.outcome === 'declined' && (await tryBackup(deps, actor, started.sale, started.backup))) || first;
  if (result.outcome === 'approved') return { ok: true, message: result.message };
  return fail(result.outcome, result.message);
}
