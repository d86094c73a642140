import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../db/knex';
import { readCookie, setCookie } from './cookies';
import type { Flash } from './types';

/**
 * Flash messages live in `flash_messages`, keyed by session id, not in the session: parallel htmx
 * requests of one session each saving the session lost or doubled messages. A handler's messages
 * are written before its answer leaves (so the next page sees them), and a page takes them with
 * one DELETE … RETURNING, so each is shown exactly once.
 */
const pending = new WeakMap<Request, Flash[]>();

export function flash(req: Request, type: Flash['type'], text: string): void {
  const list = pending.get(req) ?? [];
  list.push({ type, text });
  pending.set(req, list);
}

/**
 * A cookie set with every stored message says "look in the table": most pages have nothing waiting, and
 * without it each page view paid a DELETE … RETURNING. It is cleared only by a page that found messages, so a
 * message stored while that page was being read still has its flag (or the next message's) to be found by.
 */
const FLAG_COOKIE = 'cd.flash';

/** The messages for this page: stored ones (signed in only), then this request's own. */
export async function takeFlash(req: Request, res: Response): Promise<Flash[]> {
  const own = pending.get(req) ?? [];
  pending.delete(req);
  if (!req.user || !readCookie(req, FLAG_COOKIE)) return own;
  const { rows }: { rows: (Flash & { id: string })[] } = await req.deps.db.raw(
    'DELETE FROM flash_messages WHERE session_id = ? RETURNING id, type, text',
    [req.sessionID],
  );
  if (rows.length) res.clearCookie(FLAG_COOKIE, { path: '/' });
  const stored = rows.sort((a, b) => Number(a.id) - Number(b.id)).map(({ type, text }) => ({ type, text }));
  return [...stored, ...own];
}

/** Like express-session's save: holds the end of the answer until this request's messages are stored. */
export function storeFlashBeforeEnd(req: Request, res: Response, next: NextFunction): void {
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  res.end = ((...args: unknown[]) => {
    const list = pending.get(req);
    if (!list?.length || !req.user) return end(...args);
    pending.delete(req);
    if (!res.headersSent) setCookie(req, res, FLAG_COOKIE, '1', 24 * 3600 * 1000);
    saveFlash(req.deps.db, req.sessionID, list).then(
      () => end(...args),
      (err: unknown) => {
        req.deps.logger.error({ err }, 'flash messages not stored');
        end(...args);
      },
    );
    return res;
  }) as Response['end'];
  next();
}

const saveFlash = (db: Db, sessionId: string, list: Flash[]) =>
  db('flash_messages').insert(list.map((f) => ({ session_id: sessionId, type: f.type, text: f.text })));

/** Messages nobody came back for (a closed tab): dropped after a day. */
export const pruneFlash = (db: Db, now: Date) =>
  db('flash_messages')
    .where('created_at', '<', new Date(now.getTime() - 24 * 3600 * 1000))
    .delete();
