import type { Knex } from 'knex';
import type { SessionUser } from '../auth/service';
import { enqueueWebhooks } from '../webhooks/outbox';

/**
 * Who did it: a person, a job running by itself, a merchant's system through an API key (named by the key),
 * or the customer on their own pages through a portal link (named by the customer and the link).
 */
export type Actor =
  | { kind: 'user'; id: number; name: string }
  | { kind: 'api_key'; id: number; name: string }
  | { kind: 'portal_link'; id: number; name: string }
  | { kind: 'job' | 'system'; name: string };

/**
 * The services take the signed-in `SessionUser`. An API request passes a SessionUser-shaped principal
 * carrying `apiKeyId` (src/api/principal.ts) instead of a second parameter on every service: its events
 * are the key's, and no users row is written as the author (`userIdOf` is null).
 */
export const actorOf = (user: SessionUser): Actor =>
  user.apiKeyId
    ? { kind: 'api_key', id: user.apiKeyId, name: user.name }
    : { kind: 'user', id: user.id, name: user.name };

/** The users row to name as author in `created_by` / `user_id` columns: none for an API key. */
export const userIdOf = (user: SessionUser): number | null => (user.apiKeyId ? null : user.id);

export interface EventInput {
  actor: Actor;
  kind: string;
  summary: string;
  customerId?: number | null;
  subject?: { type: string; id: string | number };
  before?: unknown;
  after?: unknown;
  /** Also show this event on the customer's history (default: yes when there is a customer). */
  history?: boolean;
}

/**
 * Every action by a person or a job is an event (the admin's audit trail); when it concerns a
 * customer it is also a line in that customer's history. Call it inside the action's transaction:
 * the webhooks it causes (src/webhooks/events.ts) are written to their outbox in it too.
 */
export async function recordEvent(trx: Knex | Knex.Transaction, e: EventInput): Promise<void> {
  await enqueueWebhooks(trx, e);
  const userId = e.actor.kind === 'user' ? e.actor.id : null;
  const event = trx('events').insert({
    actor_kind: e.actor.kind,
    actor_user_id: userId,
    actor_name: e.actor.name,
    kind: e.kind,
    customer_id: e.customerId ?? null,
    subject_type: e.subject?.type ?? null,
    subject_id: e.subject ? String(e.subject.id) : null,
    summary: e.summary,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
  });
  if (!e.customerId || e.history === false) {
    await event;
    return;
  }
  // Both rows in one statement: the event and the history line travel together.
  const history = trx('history_entries').insert({
    customer_id: e.customerId,
    kind: e.kind,
    body: e.summary,
    user_id: userId,
    actor_name: e.actor.name,
  });
  const [a, b] = [event.toSQL(), history.toSQL()];
  await trx.raw(`WITH event AS (${a.sql}) ${b.sql}`, [...a.bindings, ...b.bindings]);
}
