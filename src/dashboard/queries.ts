import type { Db } from '../db/knex';

/** Sales that went through: a customer (not a lead) has at least one of these. */
export const SUCCESSFUL_SALE_STATUSES = ['pending', 'settled', 'partially_refunded', 'refunded', 'voided'];

/** Purchases that will still bill (paused ones will too, after their restart date). */
export const LIVE_PURCHASE_STATUSES = ['trial', 'active', 'recycling', 'cancel_scheduled'];

const paidCustomers = (db: Db) =>
  db('transactions').where({ type: 'sale' }).whereIn('status', SUCCESSFUL_SALE_STATUSES).countDistinct({ n: 'customer_id' }).first();

const allCustomers = (db: Db) => db('customers').count({ n: '*' }).first();

const livePurchases = (db: Db) => db('purchases').whereIn('status', LIVE_PURCHASE_STATUSES).count({ n: '*' }).first();

const moneyMovedSince = (db: Db, since: Date): Promise<{ type: string; n: string; cents: string | null }[]> =>
  db('transactions')
    .select('type')
    .count({ n: '*' })
    .sum({ cents: 'amount_cents' })
    .whereIn('type', ['refund', 'void'])
    .where({ status: 'approved' })
    .where('created_at', '>=', since)
    .groupBy('type');

const queuedRefunds = (db: Db) => db('refund_queue').where({ status: 'queued' }).count({ n: '*' }).first();

export interface DashboardFigures {
  customers: number;
  leads: number;
  activeSubscriptions: number;
  refundsToday: { count: number; cents: number };
  voidsToday: { count: number; cents: number };
  refundQueue: number;
}

export async function dashboardFigures(db: Db, startOfToday: Date): Promise<DashboardFigures> {
  const [paid, all, live, moved, queue] = await Promise.all([
    paidCustomers(db),
    allCustomers(db),
    livePurchases(db),
    moneyMovedSince(db, startOfToday),
    queuedRefunds(db),
  ]);
  const of = (type: string) => {
    const row = moved.find((r) => r.type === type);
    return { count: Number(row?.n ?? 0), cents: Number(row?.cents ?? 0) };
  };
  const customers = Number(paid?.n ?? 0);
  return {
    customers,
    leads: Number(all?.n ?? 0) - customers,
    activeSubscriptions: Number(live?.n ?? 0),
    refundsToday: of('refund'),
    voidsToday: of('void'),
    refundQueue: Number(queue?.n ?? 0),
  };
}
