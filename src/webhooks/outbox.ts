import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { webhookEventsFor } from './events';

/** The parts of a recorded event (audit/record.ts EventInput) that a payload carries. */
interface Cause {
  kind: string;
  summary: string;
  actor: { kind: string; name: string };
  customerId?: number | null;
  subject?: { type: string; id: string | number };
  before?: unknown;
  after?: unknown;
}

/**
 * Writes one delivery per enabled endpoint that wants this event, in the caller's transaction: a
 * webhook is sent if and only if its cause commits. One statement; nothing when no endpoint listens.
 */
export async function enqueueWebhooks(trx: Knex | Knex.Transaction, e: Cause): Promise<void> {
  for (const type of webhookEventsFor(e.kind)) {
    const data = {
      kind: e.kind,
      object: e.subject?.type ?? null,
      object_id: e.subject ? String(e.subject.id) : null,
      customer_id: e.customerId ?? null,
      summary: e.summary,
      actor: { kind: e.actor.kind, name: e.actor.name },
      before: e.before ?? null,
      after: e.after ?? null,
    };
    await trx.raw(
      `INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, body)
       SELECT e.id, ev.id, ev.type,
              json_build_object('id', ev.id, 'type', ev.type,
                'created_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'data', ?::json)::text
       FROM webhook_endpoints e, (SELECT ?::text AS id, ?::text AS type) ev
       WHERE e.enabled AND ev.type = ANY (e.events)`,
      [JSON.stringify(data), `evt_${crypto.randomUUID().replace(/-/g, '')}`, type],
    );
  }
}
