import type { Db } from '../db/knex';

export const RECENT_LIMIT = 20;

/**
 * Puts a customer at the head of the user's recent list: one upsert of the user's single row, and no
 * write at all when the customer is already first (a reload, the tabs, going back). docs/PERFORMANCE.md
 * has the cost per profile view.
 */
export async function rememberProfileView(db: Db, userId: number, customerId: number): Promise<void> {
  await db.raw(
    `INSERT INTO recent_customers AS r (user_id, customer_ids) VALUES (?, ARRAY[?::bigint])
     ON CONFLICT (user_id) DO UPDATE
        SET customer_ids = (array_prepend(?::bigint, array_remove(r.customer_ids, ?::bigint)))[1:${RECENT_LIMIT}]
      WHERE r.customer_ids[1] IS DISTINCT FROM ?::bigint`,
    [userId, customerId, customerId, customerId, customerId],
  );
}

export interface RecentCustomer {
  id: number;
  first_name: string;
  last_name: string;
  email: string | null;
}

/** The user's last opened profiles, newest first; deleted or merged-away customers simply drop out. */
export async function recentCustomers(db: Db, userId: number): Promise<RecentCustomer[]> {
  const { rows } = await db.raw(
    `SELECT c.id, c.first_name, c.last_name, c.email
       FROM recent_customers r
       CROSS JOIN LATERAL unnest(r.customer_ids) WITH ORDINALITY AS u(id, n)
       JOIN customers c ON c.id = u.id
      WHERE r.user_id = ?
      ORDER BY u.n`,
    [userId],
  );
  return rows;
}
