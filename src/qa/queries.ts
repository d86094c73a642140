import type { Db } from '../db/knex';

/** For a purchases query: its order waits in the QA queue or was denied there, so it is not rebilled. */
export const heldForReview = (db: Db) =>
  db('qa_reviews as r').select(db.raw('1')).whereRaw('r.order_id = purchases.order_id').whereNot('r.state', 'approved');

export interface ReviewRow {
  id: number;
  order_id: number;
  public_id: string;
  order_status: string;
  customer_id: number;
  first_name: string;
  last_name: string;
  reasons: { code: string; detail: string }[];
  total_cents: string;
  currency: string;
  created_at: Date;
}

export const QA_PAGE = 50;

/** Pending reviews, newest first (keyset on id: `before` is the last id shown). */
export const pendingReviews = (db: Db, before?: number): Promise<ReviewRow[]> => {
  const q = db('qa_reviews as r')
    .join('orders as o', 'o.id', 'r.order_id')
    .join('customers as c', 'c.id', 'r.customer_id')
    .select('r.id', 'r.order_id', 'o.public_id', 'o.status as order_status', 'o.currency', 'r.customer_id')
    .select('c.first_name', 'c.last_name', 'r.reasons', 'r.created_at')
    .select(
      db.raw(
        '(SELECT coalesce(sum(price_cents), 0) FROM order_items i WHERE i.order_id = o.id) + o.shipping_cents + o.tax_cents AS total_cents',
      ),
    )
    .where('r.state', 'pending')
    .orderBy('r.id', 'desc')
    .limit(QA_PAGE + 1);
  if (before) q.where('r.id', '<', before);
  return q;
};

/** The review of one order, for its summary page's badge. */
export const reviewOfOrder = (db: Db, orderId: number) =>
  db('qa_reviews as r')
    .leftJoin('users as u', 'u.id', 'r.decided_by')
    .select('r.id', 'r.state', 'r.reasons', 'r.deny_reason', 'r.decided_at', 'u.name as decided_by_name')
    .where('r.order_id', orderId)
    .first();
