import type { Db } from '../db/knex';
import { PAID_SALE_STATUSES } from '../payments/states';
import { LIVE_PURCHASE_STATUSES } from '../subscriptions/states';

const paidCustomers = (db: Db) =>
  db('transactions')
    .where({ type: 'sale' })
    .whereIn('status', PAID_SALE_STATUSES)
    .countDistinct({ n: 'customer_id' })
    .first();

const allCustomers = (db: Db) => db('customers').count({ n: '*' }).first();

const livePurchases = (db: Db) => db('purchases').whereIn('status', LIVE_PURCHASE_STATUSES).count({ n: '*' }).first();

export interface DashboardFigures {
  customers: number;
  leads: number;
  activeSubscriptions: number;
  /** When the three counts above were taken (the summary job's last run). */
  countedAt: Date;
  refundsToday: { count: number; cents: number };
  voidsToday: { count: number; cents: number };
  refundQueue: number;
  qaQueue: number;
}

interface SummaryRow {
  customers: string;
  all_customers: string;
  live_purchases: string;
  refreshed_at: Date;
}

const summaryRow = (db: Db): Promise<SummaryRow | undefined> => db('dashboard_summary').first();

/**
 * Recounts the whole-table figures (seconds at 1 M customers) into the one summary row, under a
 * transaction-level advisory lock: the job skips when another process is already counting; the
 * first page view ever (`ifMissing`) waits for that count instead of starting its own.
 */
export async function refreshDashboardSummary(
  db: Db,
  now: Date,
  options: { ifMissing?: boolean } = {},
): Promise<{ refreshed: boolean; ms: number }> {
  const t0 = performance.now();
  const refreshed = await db.transaction(async (trx) => {
    if (options.ifMissing) {
      await trx.raw("SELECT pg_advisory_xact_lock(hashtext('job:dashboard-summary'))");
      if (await summaryRow(trx)) return false;
    } else {
      const { rows } = await trx.raw("SELECT pg_try_advisory_xact_lock(hashtext('job:dashboard-summary')) AS got");
      if (!rows[0].got) return false;
    }
    // One after the other: a transaction is one connection.
    const paid = await paidCustomers(trx);
    const all = await allCustomers(trx);
    const live = await livePurchases(trx);
    const row = {
      id: true,
      customers: Number(paid?.n ?? 0),
      all_customers: Number(all?.n ?? 0),
      live_purchases: Number(live?.n ?? 0),
      refreshed_at: now,
      took_ms: Math.round(performance.now() - t0),
    };
    await trx('dashboard_summary').insert(row).onConflict('id').merge();
    return true;
  });
  return { refreshed, ms: Math.round(performance.now() - t0) };
}

interface FiguresRow {
  customers: string | null;
  all_customers: string | null;
  live_purchases: string | null;
  refreshed_at: Date | null;
  refunds: string;
  refund_cents: string;
  voids: string;
  void_cents: string;
  queued: string;
  qa: string;
}

/** The summary row, today's refunds and voids (transactions_type_created) and the two queues, in one statement. */
const figuresRow = async (db: Db, startOfToday: Date): Promise<FiguresRow> =>
  (
    await db.raw(
      `SELECT s.customers, s.all_customers, s.live_purchases, s.refreshed_at, m.*,
              (SELECT count(*) FROM refund_queue WHERE status = 'queued') AS queued,
              (SELECT count(*) FROM qa_reviews WHERE state = 'pending') AS qa
         FROM (SELECT count(*) FILTER (WHERE type = 'refund') AS refunds,
                      coalesce(sum(amount_cents) FILTER (WHERE type = 'refund'), 0) AS refund_cents,
                      count(*) FILTER (WHERE type = 'void') AS voids,
                      coalesce(sum(amount_cents) FILTER (WHERE type = 'void'), 0) AS void_cents
                 FROM transactions
                WHERE type IN ('refund', 'void') AND status = 'approved' AND created_at >= ?) m
         LEFT JOIN dashboard_summary s ON true`,
      [startOfToday],
    )
  ).rows[0];

/** The summary row (counted on the spot the very first time) and today's money and queue, which indexes answer live. */
export async function dashboardFigures(db: Db, startOfToday: Date, now: Date): Promise<DashboardFigures> {
  let row = await figuresRow(db, startOfToday);
  if (!row.refreshed_at) {
    await refreshDashboardSummary(db, now, { ifMissing: true });
    row = await figuresRow(db, startOfToday);
  }
  const customers = Number(row.customers ?? 0);
  return {
    customers,
    leads: Number(row.all_customers ?? 0) - customers,
    activeSubscriptions: Number(row.live_purchases ?? 0),
    countedAt: row.refreshed_at ?? now,
    refundsToday: { count: Number(row.refunds), cents: Number(row.refund_cents) },
    voidsToday: { count: Number(row.voids), cents: Number(row.void_cents) },
    refundQueue: Number(row.queued),
    qaQueue: Number(row.qa),
  };
}
