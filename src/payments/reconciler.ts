import type { Actor } from '../audit/record';
import type { Deps } from '../deps';
import { bookMoneyBack } from './booking';
import { askGatewayToCharge, bookCharge, purposeOf, type ChargePurposes } from './charges';
import { askGatewayToCredit, bookPayout } from './payouts';
import { askGateway } from './refunds';

const JOB: Actor = { kind: 'job', name: 'Reconciler' };

/** Longer than any gateway call may take, so a call still in flight in another process is never second-guessed. */
export const GRACE_MS = 2 * 60_000;

export interface ReconcileRun {
  checked: number;
  resolved: number;
  stillUnknown: number;
}

/**
 * Every attempt whose outcome the app does not know — still `sending` after the grace period (the
 * process died around the gateway call) or `errored` (no answer) — is looked up at the gateway by
 * its idempotency key; if the gateway never received it, it is sent again with the same key, which
 * can only do it once. The answer is booked exactly as a live answer would be. Safe in several
 * containers at once: lookups and repeats are idempotent and booking a booked row changes nothing.
 * A row still unknown is checked again after another grace period.
 */
export async function reconcile(
  deps: Deps,
  purposes: ChargePurposes,
  options: { graceMs?: number; limit?: number } = {},
): Promise<ReconcileRun> {
  const now = deps.clock.now();
  const before = new Date(now.getTime() - (options.graceMs ?? GRACE_MS));
  const rows = await deps
    .db('transactions')
    .whereIn('status', ['sending', 'errored'])
    .where('updated_at', '<=', before)
    .orderBy('id')
    .limit(options.limit ?? 500);
  const run: ReconcileRun = { checked: rows.length, resolved: 0, stillUnknown: 0 };
  for (const row of rows) {
    const known = await deps.gateway.lookup(row.idempotency_key).catch(() => null);
    if (row.type === 'sale') {
      const answer = known ?? (await askGatewayToCharge(deps, row));
      const booked = await bookCharge(deps, row.id, answer, purposeOf(purposes, row), JOB);
      if (booked.outcome === 'errored') await touch(deps, row.id);
      else run.resolved++;
    } else if (row.type === 'credit') {
      const booked = await bookPayout(deps, row.id, known ?? (await askGatewayToCredit(deps, row)), JOB);
      if (booked.status === 'errored') await touch(deps, row.id);
      else run.resolved++;
    } else {
      const answer = known ?? (await askGateway(deps, row.type, row));
      const booked = await bookMoneyBack(deps, row.id, answer, JOB);
      if (booked.row.status === 'errored') await touch(deps, row.id);
      else run.resolved++;
    }
  }
  run.stillUnknown = run.checked - run.resolved;
  if (run.checked) deps.logger.info({ job: 'reconciler', ...run }, 'reconciled unknown gateway outcomes');
  return run;
}

/** Checked and still unknown: wait another grace period before asking again. */
const touch = (deps: Deps, id: number) =>
  deps
    .db('transactions')
    .where({ id })
    .whereIn('status', ['sending', 'errored'])
    .update({ updated_at: deps.clock.now() });
