import type { Knex } from 'knex';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Deps } from '../deps';
import { dayIn } from '../lib/clock';
import { fail, NotFoundError, type Result } from '../lib/results';
import { cancelPurchase } from './cancellation';
import { refundLastBilling } from './refund-last';
import { cancelChange, describeSchedule, type CancelMode, type Schedule } from './schedules';
import { decidePurchase } from './states';
import { actOnPurchase } from './service';

export interface CancelInput {
  mode: CancelMode;
  reason: string;
  date?: string;
  continueBilling: boolean;
  refundLast: boolean;
  refundReason?: string;
  key: string;
}

type Outcome = Result<{ message: string }, 'not_allowed' | 'already_scheduled' | 'wrong_option' | 'restart_too_early'>;

export const waitingSchedule = (db: Knex | Knex.Transaction, purchaseId: number) =>
  db('purchase_schedules').where({ purchase_id: purchaseId, status: 'scheduled' }).first();

const ALREADY = fail('already_scheduled', 'A change is already scheduled on this subscription: undo it first.');

/**
 * Cancel a purchase in one of its modes. Now: through `cancelPurchase`, the one way a subscription
 * stops. Later: the schedule is written with what it changed at once (so it can be undone), the
 * purchase locked and the rule of `states.ts` checked inside the lock. "Refund the last billing" of a
 * cancellation now runs after it commits; a later one runs when the cancellation happens.
 */
export async function cancelWithMode(deps: Deps, user: SessionUser, id: number, input: CancelInput): Promise<Outcome> {
  const now = deps.clock.now();
  const done = await deps.db.transaction(async (trx): Promise<Outcome> => {
    const p = await trx('purchases').where({ id }).forUpdate().first();
    if (!p) throw new NotFoundError('That subscription');
    const rule = decidePurchase(input.mode === 'now' ? 'cancel_now' : 'cancel_after_next', p.status);
    if (!rule.ok) return rule;
    if (await waitingSchedule(trx, id)) return ALREADY;
    if (input.mode === 'now') {
      await cancelPurchase(trx, now, actorOf(user), id, input.reason);
      return { ok: true, message: `Subscription #${id} cancelled — ${input.reason}.` };
    }
    const schedule: Schedule = {
      kind: 'cancel',
      mode: input.mode,
      effective_date: input.mode === 'on_date' ? input.date! : null,
      restart_date: null,
      continue_billing: input.mode === 'on_date' && input.continueBilling,
      refund_last: input.refundLast,
      reason: input.reason,
    };
    const change = cancelChange(input.mode, schedule.effective_date, schedule.continue_billing);
    await trx('purchases')
      .where({ id })
      .update({ ...change, cancel_reason: input.reason, updated_at: now });
    const summary = `Subscription #${id}: ${describeSchedule(schedule, change.next_bill_date ?? p.next_bill_date)}`;
    await writeSchedule(trx, user, p, schedule, input.refundReason, summary);
    return { ok: true, message: summary };
  });
  if (!done.ok || input.mode !== 'now' || !input.refundLast) return done;
  const refunded = await refundLastBilling(deps, user, id, input.refundReason!, input.key);
  return { ok: true, message: [done.message, refunded].filter(Boolean).join(' ') };
}

/** Pause now (the pause action), or before the next billing: the rebill pauses it instead of billing. */
export async function pauseWithMode(
  deps: Deps,
  user: SessionUser,
  id: number,
  input: { mode: 'now' | 'before_next_billing'; restartDate: string },
): Promise<Outcome> {
  if (input.mode === 'now') return actOnPurchase(deps, user, id, 'pause', { restart_date: input.restartDate });
  return deps.db.transaction(async (trx): Promise<Outcome> => {
    const p = await trx('purchases').where({ id }).forUpdate().first();
    if (!p) throw new NotFoundError('That subscription');
    const rule = decidePurchase('pause', p.status);
    if (!rule.ok) return rule;
    if (await waitingSchedule(trx, id)) return ALREADY;
    const nextBill = p.next_bill_date ?? dayIn(deps.clock.now(), deps.config.tz);
    if (input.restartDate <= nextBill) {
      const message = `The restart date must be after the next bill date (${nextBill}).`;
      return fail('restart_too_early', message, { restart_date: message });
    }
    const schedule: Schedule = {
      kind: 'pause',
      mode: 'before_next_billing',
      effective_date: null,
      restart_date: input.restartDate,
      continue_billing: false,
      refund_last: false,
      reason: null,
    };
    const summary = `Subscription #${id}: ${describeSchedule(schedule, nextBill)}`;
    await writeSchedule(trx, user, p, schedule, undefined, summary);
    return { ok: true, message: summary };
  });
}

async function writeSchedule(
  trx: Knex.Transaction,
  user: SessionUser,
  p: Record<string, any>,
  schedule: Schedule,
  refundReason: string | undefined,
  summary: string,
) {
  await trx('purchase_schedules').insert({
    ...schedule,
    purchase_id: p.id,
    refund_reason: refundReason ?? null,
    before_status: p.status,
    before_next_bill_date: p.next_bill_date,
    created_by: user.apiKeyId ? null : user.id,
  });
  await recordEvent(trx, {
    actor: actorOf(user),
    kind: schedule.kind === 'cancel' ? 'purchase.cancel_scheduled' : 'purchase.pause_scheduled',
    customerId: p.customer_id,
    subject: { type: 'purchase', id: p.id },
    summary,
    after: schedule,
  });
}

/** Undo what is scheduled: the purchase gets back the status and bill date it had before. */
export async function undoSchedule(
  deps: Deps,
  user: SessionUser,
  id: number,
): Promise<Result<{ message: string }, 'nothing_scheduled'>> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const p = await trx('purchases').where({ id }).forUpdate().first();
    if (!p) throw new NotFoundError('That subscription');
    const s = await waitingSchedule(trx, id);
    if (!s) return fail('nothing_scheduled', 'Nothing is scheduled on this subscription any more.');
    await trx('purchase_schedules').where({ id: s.id }).update({ status: 'undone', closed_at: now });
    const restore =
      s.kind === 'cancel'
        ? { status: s.before_status, next_bill_date: s.before_next_bill_date, cancel_reason: null }
        : {};
    await trx('purchases')
      .where({ id })
      .update({ ...restore, updated_at: now });
    const summary = `Subscription #${id}: undid the scheduled ${s.kind === 'cancel' ? 'cancellation' : 'pause'}`;
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: s.kind === 'cancel' ? 'purchase.cancel_unscheduled' : 'purchase.pause_unscheduled',
      customerId: p.customer_id,
      subject: { type: 'purchase', id },
      summary,
      before: { status: p.status, next_bill_date: p.next_bill_date },
      after: restore,
    });
    return { ok: true, message: `${summary}.` };
  });
}
