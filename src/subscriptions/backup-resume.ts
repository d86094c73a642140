import type { Actor } from '../audit/record';
import type { Deps } from '../deps';
import { dayIn } from '../lib/clock';
import type { ChargeOutcome } from '../payments/charges';
import { backupFor, tryBackup } from './billing-cards';
import { recycle } from './charge-booking';
import { decidePurchase } from './states';

type Row = Record<string, any>;

/**
 * A rebill whose first attempt was declined and booked to wait for the backup card
 * (`chargeBeforeBackup`), but whose process stopped before the backup attempt: the purchase is still
 * due with the same rebill key, declined. The next run picks up where it stopped: the backup card is
 * tried now (its own `<key>:backup` sale, so never twice), or, when there is no usable backup any
 * more, the first decline recycles as it would have without one. Null when the decline was booked
 * otherwise after all (the purchase moved on) or the backup attempt exists (its own booking decides).
 */
export async function resumeAfterFirstDecline(
  deps: Deps,
  actor: Actor,
  first: Row,
): Promise<Pick<ChargeOutcome, 'outcome' | 'message'> | null> {
  const now = deps.clock.now();
  const at = { now, today: dayIn(now, deps.config.tz) };
  const next = await deps.db.transaction(async (trx) => {
    const p = await trx('purchases').where({ id: first.purchase_id }).forUpdate().first();
    // Another run may have booked this decline meanwhile (recycled, cancelled): its key is then stale.
    const stillDue = `rebill:${p.id}:${p.billing_cycle + 1}:${p.recycle_attempts}` === first.idempotency_key;
    if (!stillDue || !decidePurchase('bill', p.status).ok) return null;
    const backupKey = `${first.idempotency_key}:backup`;
    if (await trx('transactions').where({ idempotency_key: backupKey }).first('id')) return null;
    const customer = await trx('customers').where({ id: p.customer_id }).first();
    const card = await trx('payment_instruments').where({ id: first.payment_instrument_id }).first();
    const backup = card && (await backupFor(trx, at, customer, card, first.idempotency_key));
    if (backup) return { backup, message: null };
    await recycle(trx, at, actor, p, first.gateway_message ?? 'declined');
    return { backup: null, message: `The card was declined: ${first.gateway_message}.` };
  });
  if (!next) return null;
  if (next.message !== null) return { outcome: 'declined', message: next.message };
  return (await tryBackup(deps, actor, first, next.backup)) ?? null;
}
