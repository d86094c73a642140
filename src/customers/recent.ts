import type { Request, Response } from 'express';
import { readCookie, setCookie } from '../http/cookies';

export const RECENT_LIMIT = 20;
export const RECENT_COOKIE = 'cd.recent';
const THIRTY_DAYS = 30 * 24 * 3600 * 1000;
const FORMAT = /^(\d{1,15}):(\d{1,15}(?:\.\d{1,15}){0,19})$/;

/**
 * The cookie's value, `<user id>:<id>.<id>…`, as the ids newest first; [] when it is missing, malformed
 * or another user's (two agents sharing a browser each see their own list).
 */
export function parseRecent(value: string | undefined, userId: number): number[] {
  const m = FORMAT.exec(value ?? '');
  if (!m || Number(m[1]) !== userId) return [];
  return [...new Set(m[2].split('.').map(Number))].slice(0, RECENT_LIMIT);
}

/** The list with `customerId` first, each id once, at most RECENT_LIMIT. */
export const withRecent = (ids: number[], customerId: number): number[] =>
  [customerId, ...ids.filter((id) => id !== customerId)].slice(0, RECENT_LIMIT);

export const formatRecent = (userId: number, ids: number[]) => `${userId}:${ids.join('.')}`;

/**
 * Puts a customer at the head of this user's recent list. The list lives in a cookie, not a table, so a
 * profile view writes nothing to PostgreSQL (docs/PERFORMANCE.md); a reload of the first one sets no cookie.
 */
export function rememberProfileView(req: Request, res: Response, customerId: number): void {
  const userId = req.user!.id;
  const ids = parseRecent(readCookie(req, RECENT_COOKIE), userId);
  if (ids[0] === customerId) return;
  setCookie(req, res, RECENT_COOKIE, formatRecent(userId, withRecent(ids, customerId)), THIRTY_DAYS);
}

export interface RecentCustomer {
  id: number;
  first_name: string;
  last_name: string;
  email: string | null;
}

/** This user's last opened profiles, newest first; deleted or merged-away customers simply drop out. */
export async function recentCustomers(req: Request): Promise<RecentCustomer[]> {
  const ids = parseRecent(readCookie(req, RECENT_COOKIE), req.user!.id);
  if (!ids.length) return [];
  const { rows } = await req.deps.db.raw(
    `SELECT c.id, c.first_name, c.last_name, c.email
       FROM unnest(?::bigint[]) WITH ORDINALITY AS u(id, n)
       JOIN customers c ON c.id = u.id
      ORDER BY u.n`,
    [ids],
  );
  return rows;
}
