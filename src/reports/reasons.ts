import type { Db } from '../db/knex';

export interface ReasonCount {
  reason: string;
  refunds: number;
  voids: number;
  cancellations: number;
}

/**
 * Refunds, voids and cancellations from the day `from` up to (not including) the day `end`, in `timeZone`, counted by the reason
 * chosen from the admin's lists: refunds and voids that went through (approved), orders cancelled,
 * and subscriptions cancelled on their own (an order's cancellation counts once, as the order).
 */
export async function reasonsReport(db: Db, from: string, end: string, timeZone: string) {
  const range = [from, timeZone, end, timeZone];
  const within = (col: string) =>
    `${col} >= (?::date::timestamp AT TIME ZONE ?) AND ${col} < (?::date::timestamp AT TIME ZONE ?)`;
  const { rows } = await db.raw(
    `SELECT reason, kind, count(*)::int AS n FROM (
       SELECT t.reason, t.type AS kind FROM transactions t
        WHERE t.type IN ('refund', 'void') AND t.status = 'approved' AND ${within('t.created_at')}
       UNION ALL
       SELECT o.cancel_reason, 'cancel' FROM orders o WHERE o.cancelled_at IS NOT NULL AND ${within('o.cancelled_at')}
       UNION ALL
       SELECT p.cancel_reason, 'cancel' FROM purchases p
        WHERE p.status = 'cancelled' AND ${within('p.cancelled_at')}
          AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = p.order_id AND o.cancelled_at = p.cancelled_at)
     ) u GROUP BY 1, 2`,
    [...range, ...range, ...range],
  );
  const counts = new Map<string, ReasonCount>();
  for (const r of rows as { reason: string | null; kind: string; n: number }[]) {
    const reason = r.reason ?? '(no reason)';
    const c = counts.get(reason) ?? { reason, refunds: 0, voids: 0, cancellations: 0 };
    if (r.kind === 'refund') c.refunds += r.n;
    else if (r.kind === 'void') c.voids += r.n;
    else c.cancellations += r.n;
    counts.set(reason, c);
  }
  const total = (c: ReasonCount) => c.refunds + c.voids + c.cancellations;
  return [...counts.values()].sort((a, b) => total(b) - total(a) || a.reason.localeCompare(b.reason));
}
