import { recordEvent, type Actor } from '../audit/record';
import type { Deps } from '../deps';
import { dayIn } from '../lib/clock';
import { billPurchase } from './billing';
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
  const due = await deps
    .db('purchases')
    .select('id', 'status', 'billing_cycle', 'recycle_attempts')
    .whereIn('status', LIVE_PURCHASE_STATUSES)
    .where('next_bill_date', '<=', today)
    .orderBy('id');
  for (const p of due) {
    if (p.status === 'cancel_scheduled' || p.status === 'paused') {
      const next = p.status === 'paused' ? 'active' : 'cancelled';
      const changed = await deps.db.transaction(async (trx) => {
        const n = await trx('purchases')
          .where({ id: p.id, status: p.status })
          .update({
            status: next,
            ...(next === 'cancelled' ? { cancelled_at: now, next_bill_date: null } : {}),
            updated_at: now,
          });
        if (n)
          await recordEvent(trx, {
            actor: JOB,
            kind: next === 'cancelled' ? 'purchase.cancelled' : 'purchase.resumed',
            subject: { type: 'purchase', id: p.id },
            customerId: (await trx('purchases').where({ id: p.id }).first('customer_id')).customer_id,
            summary:
              next === 'cancelled'
                ? `Subscription #${p.id} ended as scheduled`
                : `Subscription #${p.id} resumed after its pause`,
            before: { status: p.status },
            after: { status: next },
          });
        return n;
      });
      if (next === 'cancelled') {
        run.ended += changed;
        continue;
      }
    }
    const result = await billPurchase(deps, JOB, p.id, `rebill:${p.id}:${p.billing_cycle + 1}:${p.recycle_attempts}`);
    if (result.ok) {
      if (!result.replayed) run.billed++;
    } else if (result.code === 'blocked') run.blocked++;
    else if (result.code === 'declined' || result.code === 'no_card') run.declined++;
  }
  return run;
}
