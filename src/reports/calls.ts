import type { Db } from '../db/knex';
import { addDays } from '../lib/clock';

export interface CallCount {
  agent: string;
  disposition: string;
  calls: number;
}

/**
 * Calls logged between two calendar days (in `timeZone`), counted by agent and disposition, from the
 * event log (`customer.call_logged`, read through its kind index).
 */
export async function callsByDisposition(db: Db, from: string, to: string, timeZone: string): Promise<CallCount[]> {
  const { rows } = await db.raw(
    `SELECT e.actor_name AS agent, e.after->>'disposition' AS disposition, count(*)::int AS calls
       FROM events e
      WHERE e.kind = 'customer.call_logged' AND e.actor_kind = 'user'
        AND e.occurred_at >= (?::date::timestamp AT TIME ZONE ?) AND e.occurred_at < (?::date::timestamp AT TIME ZONE ?)
      GROUP BY 1, 2
      ORDER BY 1, 3 DESC, 2`,
    [from, timeZone, addDays(to, 1), timeZone],
  );
  return rows;
}
