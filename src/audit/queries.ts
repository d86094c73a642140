import { z } from 'zod';
import { optionalDay } from '../http/forms';
import { MAX_ID } from '../http/params';
import type { Db } from '../db/knex';
import { type HistoryKind, kindCondition } from './history-kinds';

export const EVENT_PAGE = 50;
export const HISTORY_PAGE = 20;

/** History rows with what a note links (its file's name, its order's public id), for `_history_entry.ejs`. */
export const historyRows = (db: Db) =>
  db('history_entries as h')
    .leftJoin('files as f', 'f.id', 'h.file_id')
    .leftJoin('orders as o', 'o.id', 'h.order_id')
    .select(
      'h.id',
      'h.kind',
      'h.body',
      'h.actor_name',
      'h.created_at',
      'h.file_id',
      'f.filename',
      'h.transaction_id',
      'o.public_id as order_public_id',
    );

export const historyEntry = async (db: Db, id: number) => (await historyRows(db).where('h.id', id))[0];

/**
 * One page of a customer's history, newest first by keyset (`beforeId` = the last id shown), as the
 * locals `_history_page.ejs` takes: the entries and whether older ones exist; `kind` keeps one group.
 */
export async function historyPage(db: Db, customerId: number, beforeId?: number, kind?: HistoryKind) {
  const q = historyRows(db)
    .where('h.customer_id', customerId)
    .orderBy('h.id', 'desc')
    .limit(HISTORY_PAGE + 1);
  if (beforeId) q.where('h.id', '<', beforeId);
  if (kind) {
    const { sql, bindings } = kindCondition(kind);
    q.whereRaw(sql.replace('kind', 'h.kind'), bindings);
  }
  const rows = await q;
  return { history: rows.slice(0, HISTORY_PAGE), historyMore: rows.length > HISTORY_PAGE, historyKind: kind ?? null };
}

const optionalId = z
  .union([z.literal('').transform(() => undefined), z.coerce.number().int().positive().max(MAX_ID)])
  .optional();
const day = optionalDay();

export const eventFilters = z.object({
  user: optionalId,
  customer: optionalId,
  kind: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => v || undefined),
  from: day,
  to: day,
  before: optionalId,
});
export type EventFilters = Partial<z.infer<typeof eventFilters>>;

/**
 * One page of the event log, newest first, by keyset (`before` = the last id shown): each filter has
 * its index (actor, customer, kind: each with id DESC), so a page costs the same at any depth.
 */
export async function eventPage(db: Db, f: EventFilters, timeZone: string) {
  const q = db('events')
    .select(
      'id',
      'occurred_at',
      'actor_kind',
      'actor_name',
      'actor_user_id',
      'kind',
      'customer_id',
      'subject_type',
      'subject_id',
      'summary',
      'before',
      'after',
    )
    .orderBy('id', 'desc')
    .limit(EVENT_PAGE + 1);
  if (f.user) q.where('actor_user_id', f.user);
  if (f.customer) q.where('customer_id', f.customer);
  if (f.kind) q.where('kind', f.kind);
  // Days are the account's days, as the times on the page are.
  if (f.from) q.whereRaw('occurred_at >= (?::date::timestamp AT TIME ZONE ?)', [f.from, timeZone]);
  if (f.to) q.whereRaw('occurred_at < ((?::date + 1)::timestamp AT TIME ZONE ?)', [f.to, timeZone]);
  if (f.before) q.where('id', '<', f.before);
  const rows = await q;
  return { events: rows.slice(0, EVENT_PAGE), nextBefore: rows.length > EVENT_PAGE ? rows[EVENT_PAGE - 1].id : null };
}

/** The kinds to offer in the filter: those of the last 10,000 events (cheap at any size). */
export const recentKinds = async (db: Db): Promise<string[]> =>
  (
    await db.raw('SELECT DISTINCT kind FROM (SELECT kind FROM events ORDER BY id DESC LIMIT 10000) e ORDER BY kind')
  ).rows.map((r: { kind: string }) => r.kind);

export const usersForFilter = (db: Db) => db('users').select('id', 'name').orderBy('name');
