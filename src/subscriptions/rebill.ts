import { heldForReview } from '../qa/queries';
import { recordEvent, type Actor } from '../audit/record';
import type { Deps } from '../deps';
import { dayIn } from '../lib/clock';
import { billPurchase } from './billing';
import { cancelsDueOn, endAsScheduled, pauseIfScheduled } from './scheduled-run';
import { LIVE_PURCHASE_STATUSES } from './states';

const JOB: Actor = { kind: 'job', name: 'Daily rebill' };

export interface RebillRun {
  billed: number;
  declined: number;
  blocked: number;
  ended: number;
}

/**
 * The daily rebill: once the account's rebill time has passed (in TZ), every purchase due today or
 * earlier is handled once — a purchase whose pause ends is resumed, one scheduled to end is cancelled,
 * the others are billed through the force-bill path (blocklist, credit, card). The key
 * `rebill:<purchase>:<cycle>:<attempt>` makes a second process, or a re-run, bill nothing twice;
 * billing moves the next bill date on, so a run after downtime catches up once.
 */
export async function runRebills(deps: Deps, options: { ignoreTime?: boolean } = {}): Promise<RebillRun> {
  const now = deps.clock.now();
  const today = dayIn(now, deps.config.tz);
  const settings = await deps.db('settings').first('rebill_time');
  const localTime = new Intl.DateTimeFormat('en-GB', {
    timeZone: deps.config.tz,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(now);
  const run: RebillRun = { billed: 0, declined: 0, blocked: 0, ended: 0 };
  if (!options.ignoreTime && localTime < settings.rebill_time) return run;
  for (const id of await cancelsDueOn(deps.db, today))
    run.ended += Number(await endAsScheduled(deps, JOB, id, LIVE_PURCHASE_STATUSES));
  const due = await deps
    .db('purchases')
    .select('id', 'status', 'billing_cycle', 'recycle_attempts')
    .whereIn('status', LIVE_PURCHASE_STATUSES)
    .where('next_bill_date', '<=', today)
    .whereNotExists(heldForReview(deps.db))
    .orderBy('id');
  for (const p of due) {
    if (p.status === 'cancel_scheduled') {
      run.ended += Number(await endAsScheduled(deps, JOB, p.id, ['cancel_scheduled']));
      continue;
    }
    if (p.status === 'paused') await resumeAfterPause(deps, p.id);
    else if (await pauseIfScheduled(deps, JOB, p.id)) continue;
    const result = await billPurchase(deps, JOB, p.id, `rebill:${p.id}:${p.billing_cycle + 1}:${p.recycle_attempts}`);
    if (result.ok) {
      if (!result.replayed) run.billed++;
    } else if (result.code === 'blocked') run.blocked++;
    else if (result.code === 'declined' || result.code === 'no_card') run.declined++;
  }
  return run;
}

/** A purchase whose pause ends today is resumed, then billed in the same run. */
async function resumeAfterPause(deps: Deps, id: number) {
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const p = await trx('purchases').where({ id, status: 'paused' }).forUpdate().first();
    if (!p) return;
    await trx('purchases').where({ id }).update({ status: 'active', updated_at: now });
    await recordEvent(trx, {
      actor: JOB,
      kind: 'purchase.resumed',
      subject: { type: 'purchase', id },
      customerId: p.customer_id,
      summary: `Subscription #${id} resumed after its pause`,
      before: { status: 'paused' },
      after: { status: 'active' },
    });
  });
}
