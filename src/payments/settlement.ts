import { recordEvent } from '../audit/record';
import type { Deps } from '../deps';
import { startOfDay } from '../lib/time';
import { capturePendingSales } from './capture';
import { decide, SALE_STATUSES } from './states';

/**
 * The gateway's daily batch: every sale still pending that was made before the batch settles.
 * One transaction under an advisory lock, so two app processes running it at once settle each sale
 * once; a run after downtime settles everything made before it (catch-up). With a gateway that
 * captures sale by sale (Stripe), only the sales it captured are settled (capture.ts).
 */
export async function settlePendingSales(
  deps: Pick<Deps, 'db' | 'clock' | 'gateway'>,
  madeBefore: Date = deps.clock.now(),
): Promise<{ settled: number }> {
  const now = deps.clock.now();
  const capture = deps.gateway.capture?.bind(deps.gateway);
  const captured = capture ? await capturePendingSales(deps, capture, madeBefore) : null;
  return deps.db.transaction(async (trx) => {
    const { rows } = await trx.raw("SELECT pg_try_advisory_xact_lock(hashtext('job:settlement')) AS got");
    if (!rows[0].got) return { settled: 0 };
    // One set-based UPDATE (a batch can hold hundreds of thousands of sales); the statuses it may
    // settle come from the rule table.
    const settled = await trx('transactions')
      .where({ type: 'sale' })
      .whereIn('status', SETTLEABLE)
      .where('queued_cents', 0)
      .where('created_at', '<', madeBefore)
      .modify((q) => (captured ? q.whereIn('id', captured) : q))
      .update({ status: 'settled', settled_at: now, updated_at: now });
    if (settled) {
      await recordEvent(trx, {
        actor: { kind: 'job', name: 'Settlement batch' },
        kind: 'transactions.settled',
        summary: `Settled ${settled} pending sale(s) made before ${madeBefore.toISOString()}`,
        after: { settled },
      });
    }
    return { settled };
  });
}

const SETTLEABLE = SALE_STATUSES.filter(
  (status) => decide('settle', { status, amountCents: 1, refundedCents: 0, queuedCents: 0 }).ok,
);

/** The latest batch time (HH:MM in `timeZone`) that is not in the future: what a catch-up settles up to. */
export function lastBatchTime(now: Date, hhmm: string, timeZone: string): Date {
  const [h, m] = hhmm.split(':').map(Number);
  const today = new Date(startOfDay(now, timeZone).getTime() + (h * 60 + m) * 60_000);
  return today <= now
    ? today
    : new Date(startOfDay(new Date(now.getTime() - 86_400_000), timeZone).getTime() + (h * 60 + m) * 60_000);
}
