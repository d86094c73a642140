import type { Knex } from 'knex';
import { recordEvent, type Actor } from '../audit/record';
import { toSessionUser } from '../auth/service';
import { userById } from '../auth/queries';
import type { Deps } from '../deps';
import { cancelPurchase } from './cancellation';
import { emailPause } from './emails';
import { waitingSchedule } from './cancel-modes';
import { refundLastBilling } from './refund-last';

/**
 * The scheduled changes of `cancel-modes.ts`, carried out by billing and the daily rebill run. A
 * cancellation always ends through `cancelPurchase`; its "refund the last billing" runs after that
 * commits, as the agent who scheduled it.
 */

/** After a paid cycle (charge-booking's `advance`): a cancellation set for "after the next successful billing" is armed — the purchase ends with the cycle just paid. */
export async function afterPaidCycle(trx: Knex.Transaction, actor: Actor, purchaseId: number) {
  const s = await waitingSchedule(trx, purchaseId);
  if (s?.kind !== 'cancel' || s.mode !== 'after_next_billing') return;
  const p = await trx('purchases').where({ id: purchaseId }).first();
  if (p.status === 'complete') return;
  await trx('purchases').where({ id: purchaseId }).update({ status: 'cancel_scheduled' });
  await trx('purchase_schedules')
    .where({ id: s.id })
    .update({ before_status: p.status, before_next_bill_date: p.next_bill_date });
  await recordEvent(trx, {
    actor,
    kind: 'purchase.cancel_armed',
    customerId: p.customer_id,
    subject: { type: 'purchase', id: purchaseId },
    summary: `Subscription #${purchaseId} was billed as scheduled; it ends on ${p.next_bill_date} without another billing`,
    before: { status: p.status },
    after: { status: 'cancel_scheduled' },
  });
}

/** The end of a purchase scheduled to cancel (its bill date came, or its date with billing until then). */
export async function endAsScheduled(deps: Deps, actor: Actor, purchaseId: number, from: string[]): Promise<boolean> {
  const now = deps.clock.now();
  const ended = await deps.db.transaction(async (trx) => {
    const p = await trx('purchases').where({ id: purchaseId }).whereIn('status', from).forUpdate().first();
    if (!p) return null;
    const s = await waitingSchedule(trx, purchaseId);
    // Paid cycles are not taken back: the parcels of the last one still ship.
    await cancelPurchase(trx, now, actor, p.id, p.cancel_reason ?? 'Scheduled cancellation', 'its scheduled end came', {
      parcels: false,
    });
    if (s) await trx('purchase_schedules').where({ id: s.id }).update({ status: 'done', closed_at: now });
    return { schedule: s };
  });
  if (!ended) return false;
  const s = ended.schedule;
  const author = s?.refund_last && s.created_by ? await userById(deps.db, s.created_by) : undefined;
  if (s && author)
    await refundLastBilling(deps, toSessionUser(author), purchaseId, s.refund_reason, `schedule:${s.id}`);
  return true;
}

/** Cancellations on a date with billing continuing until then: ended on that date by the daily run. */
export async function cancelsDueOn(db: Knex, today: string): Promise<number[]> {
  return db('purchase_schedules')
    .where({ status: 'scheduled', kind: 'cancel', mode: 'on_date', continue_billing: true })
    .where('effective_date', '<=', today)
    .pluck('purchase_id');
}

/** A purchase due to bill with a pause scheduled before that billing: paused until its restart date instead. */
export async function pauseIfScheduled(deps: Deps, actor: Actor, purchaseId: number): Promise<boolean> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const p = await trx('purchases').where({ id: purchaseId }).forUpdate().first();
    const s = await waitingSchedule(trx, purchaseId);
    if (s?.kind !== 'pause' || !['trial', 'active'].includes(p.status)) return false;
    await trx('purchases')
      .where({ id: purchaseId })
      .update({ status: 'paused', next_bill_date: s.restart_date, updated_at: now });
    await trx('purchase_schedules').where({ id: s.id }).update({ status: 'done', closed_at: now });
    await recordEvent(trx, {
      actor,
      kind: 'purchase.paused',
      customerId: p.customer_id,
      subject: { type: 'purchase', id: purchaseId },
      summary: `Subscription #${purchaseId} paused as scheduled instead of billing; it bills again on ${s.restart_date}`,
      before: { status: p.status, next_bill_date: p.next_bill_date },
      after: { status: 'paused', next_bill_date: s.restart_date },
    });
    await emailPause(trx, now, p, String(s.restart_date));
    return true;
  });
}
