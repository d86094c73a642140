import type { Knex } from 'knex';

const LEASE_MS = 2 * 60_000;

export interface Claimed {
  id: number;
  endpoint_id: number;
  event_id: string;
  body: string;
  attempts: number;
  created_at: Date;
  url: string;
  secret: string;
}

/**
 * Due deliveries of enabled endpoints, locked with SKIP LOCKED and leased for two minutes (longer
 * than a delivery's timeout): another container skips them, and a crashed one's rows come back.
 */
export function claimDue(db: Knex, now: Date, limit: number): Promise<Claimed[]> {
  return db.transaction(async (trx) => {
    const rows: Claimed[] = await trx('webhook_deliveries as d')
      .join('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
      .select('d.id', 'd.endpoint_id', 'd.event_id', 'd.body', 'd.attempts', 'd.created_at', 'e.url', 'e.secret')
      .where({ 'd.status': 'pending', 'e.enabled': true })
      .where((q) => q.whereNull('d.next_attempt_at').orWhere('d.next_attempt_at', '<=', now))
      .orderByRaw('d.next_attempt_at NULLS FIRST, d.id')
      .limit(limit)
      .forUpdate('d')
      .skipLocked();
    if (rows.length)
      await trx('webhook_deliveries')
        .whereIn(
          'id',
          rows.map((r) => r.id),
        )
        .update({ next_attempt_at: new Date(now.getTime() + LEASE_MS) });
    return rows;
  });
}

export const endpointList = (db: Knex) =>
  db('webhook_endpoints as e')
    .select('e.id', 'e.url', 'e.events', 'e.enabled', 'e.disabled_reason', 'e.failing_since', 'e.created_at')
    .select(
      db.raw(
        `(SELECT count(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'pending')::int AS pending`,
      ),
    )
    .orderBy('e.id');

export const endpointById = (db: Knex, id: number) => db('webhook_endpoints').where({ id }).first();

/** The newest deliveries of an endpoint, each with its attempts (newest first). */
export async function recentDeliveries(db: Knex, endpointId: number, limit = 50) {
  const deliveries = await db('webhook_deliveries')
    .select('id', 'event_id', 'event_type', 'status', 'attempts', 'next_attempt_at', 'delivered_at', 'created_at')
    .where({ endpoint_id: endpointId })
    .orderBy('id', 'desc')
    .limit(limit);
  const attempts = await db('webhook_attempts')
    .whereIn(
      'delivery_id',
      deliveries.map((d) => d.id),
    )
    .orderBy('id', 'desc');
  return deliveries.map((d) => ({ ...d, log: attempts.filter((a) => a.delivery_id === d.id) }));
}
