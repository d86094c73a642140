import cron, { type ScheduledTask } from 'node-cron';
import type { Deps } from '../deps';
import { createTransport, deliverOutbox } from '../email/sender';
import { lastBatchTime, settlePendingSales } from '../payments/settlement';
import { reconcile } from '../payments/reconciler';
import { runRefundQueue } from '../payments/refund-queue';
import { runRebills } from '../subscriptions/rebill';
import { CHARGE_PURPOSES } from './charge-purposes';
import { refreshDashboardSummary } from '../dashboard/queries';
import { pruneFlash } from '../http/flash';
import { deliverWebhooks } from '../webhooks/deliver';
import { sendRebillReminders } from '../portal/reminders';

export interface RunningJobs {
  stop(): void;
  /** Resolves when no job is in the middle of a run. */
  idle(): Promise<void>;
}

const cronAt = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return `${m} ${h} * * *`;
};

/**
 * The recurring jobs, one line each; every job is a domain function that takes its dependencies,
 * is safe to run in several containers at once, and returns counts. Times are in TZ.
 */
export async function startJobs(deps: Deps): Promise<RunningJobs> {
  const settings = await deps.db('settings').first();
  const transport = deps.config.smtpUrl ? createTransport(deps.config.smtpUrl) : null;
  const running = new Set<Promise<unknown>>();
  const job = (name: string, expression: string, run: () => Promise<unknown>): ScheduledTask =>
    cron.schedule(
      expression,
      () => {
        const p = run()
          .catch((err) => deps.logger.error({ err, job: name }, 'job failed'))
          .finally(() => running.delete(p));
        running.add(p);
        return p;
      },
      { name, timezone: deps.config.tz, noOverlap: true },
    );

  const tasks = [
    job('outbox', '* * * * *', () => deliverOutbox(deps, transport)),
    // Queue items carry their own due time (the admin's daily run time): checking every minute makes
    // a changed time effective at once and catches up after downtime.
    job('refund-queue', '* * * * *', () => runRefundQueue(deps)),
    // Runs once the admin's rebill time has passed each day; purchases carry their due dates.
    job('rebill', '* * * * *', () => runRebills(deps)),
    job('settlement', cronAt(settings.settlement_time), () => settlePendingSales(deps)),
    // Gateway calls whose answer is unknown (a crash, a timeout): looked up by key and booked.
    job('reconciler', '* * * * *', () => reconcile(deps, CHARGE_PURPOSES)),
    // The dashboard's whole-table counts, recounted in the background (the page shows their age).
    job('dashboard-summary', '* * * * *', () => refreshDashboardSummary(deps.db, deps.clock.now())),
    // Each delivery carries its own due time (exponential backoff over three days).
    job('webhooks', '* * * * *', () => deliverWebhooks(deps)),
    // Each purchase and bill date is reminded once (src/portal/reminders.ts), N days ahead (settings).
    job('rebill-reminders', '*/15 * * * *', () => sendRebillReminders(deps)),
    job('flash-prune', '17 * * * *', () => pruneFlash(deps.db, deps.clock.now())),
  ];
  // Catch up at start on what was missed while no container ran: unknown gateway outcomes, a
  // settlement batch, overdue retries.
  const catchUp = reconcile(deps, CHARGE_PURPOSES)
    .then(() => settlePendingSales(deps, lastBatchTime(deps.clock.now(), settings.settlement_time, deps.config.tz)))
    .then(() => runRefundQueue(deps))
    .then(() => refreshDashboardSummary(deps.db, deps.clock.now()))
    .catch((err) => deps.logger.error({ err }, 'catch-up at start failed'))
    .finally(() => running.delete(catchUp));
  running.add(catchUp);
  return {
    stop: () => tasks.forEach((t) => void t.stop()),
    idle: async () => {
      await Promise.all(running);
    },
  };
}
