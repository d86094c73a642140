import { recordEvent } from '../audit/record';
import type { Deps } from '../deps';
import { startOfDay } from '../lib/time';
import { decide } from './states';

/**
 * The gateway's daily batch: every sale still pending that was made before the batch settles.
 * One transaction under an advisory lock, so two app processes running it at once settle each sale
 * once; a run after downtime settles everything made before it (catch-up).
 */
export async function settlePendingSales(deps: Pick<Deps, 'db' | 'clock'>, madeBefore: Date = deps.clock.now()): Promise<{ settled: number }> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const { rows } = await trx.raw("SELECT pg_try_advisory_xact_lock(hashtext('job:settlement')) AS got");
    if (!rows[0].got) return { settled: 0 };
    const pending = await trx('transactions').select('id', 'status', 'amount_cents', 'refunded_cents', 'queued_cents').where({ type: 'sale', status: 'pending' }).where('created_at', '<', madeBefore).forUpdate();
    const ids = pending.filter((s) => decide('settle', { status: s.status, amountCents: s.amount_cents, refundedCents: s.refunded_cents, queuedCents: s.queued_cents }).ok).map((s) => s.id);
    if (ids.length) {
      await trx('transactions').whereIn('id', ids).update({ status: 'settled', settled_at: now, updated_at: now });
      await recordEvent(trx, { actor: { kind: 'job', name: 'Settlement batch' }, kind: 'transactions.settled', summary: `Settled ${ids.length} pending sale(s)`, after: { ids } });
    }
    return { settled: ids.length };
  });
}

/** The latest batch time (HH:MM in `timeZone`) that is not in the future: what a catch-up settles up to. */
export function lastBatchTime(now: Date, hhmm: string, timeZone: string): Date {
  const [h, m] = hhmm.split(':').map(Number);
  const today = new Date(startOfDay(now, timeZone).getTime() + (h * 60 + m) * 60_000);
  return today <= now ? today : new Date(startOfDay(new Date(now.getTime() - 86_400_000), timeZone).getTime() + (h * 60 + m) * 60_000);
}
