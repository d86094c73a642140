import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { UserRow } from './queries';
import type { SessionCache } from './session-cache';

const PgStore = connectPgSimple(session);

/** The user row read with each session, keyed by that session's `passport` object (passport.ts takes it from here). */
export const usersReadWithSession = new WeakMap<object, UserRow | null>();

type Callback = (err: unknown, session?: session.SessionData | null) => void;
type Row = { sess: string | session.SessionData; user_row: UserRow | null; expire: Date };
/** What connect-pg-simple has but does not declare. */
interface Untyped {
  quotedTable(): string;
  query(sql: string, params: unknown[], fn: (err: unknown, row?: Row) => void): void;
  pruneTimer?: NodeJS.Timeout;
  closed?: boolean;
}

type Options = connectPgSimple.PGStoreOptions & { pruneSessionInterval: number; cache?: SessionCache };

/**
 * connect-pg-simple's store, reading the session and its signed-in user in one statement: every page view used to
 * read both, a round trip each. The user row travels beside the session (never saved in it) to passport's
 * deserializeUser. With a cache (session-cache.ts) a session read once is served from memory until its row or its
 * user's row changes, which the cache hears at once, so disabling a user still ends their session at once.
 */
export class SessionWithUserStore extends PgStore {
  constructor(private readonly options: Options) {
    super(options);
  }

  set(sid: string, sess: session.SessionData, fn?: (err?: unknown) => void): void {
    this.options.cache?.forgetSession(sid);
    super.set(sid, sess, fn);
  }

  destroy(sid: string, fn?: (err?: unknown) => void): void {
    this.options.cache?.forgetSession(sid);
    super.destroy(sid, fn);
  }

  /** A closed pool (a stopped app, or a test's) ends the prune timer instead of logging a failed prune every 15 min. */
  pruneSessions(fn?: (err: Error) => void): void {
    if ((this.options.pool as { ending?: boolean } | undefined)?.ending) return;
    super.pruneSessions(fn);
  }

  get(sid: string, fn: Callback): void {
    const store = this as unknown as Untyped;
    // The parent's get starts its prune timer on first use; so does this one.
    if (!store.pruneTimer && !store.closed)
      store.pruneTimer = setTimeout(() => this.pruneSessions(), this.options.pruneSessionInterval * 1000).unref();
    const cache = this.options.cache;
    if (!cache?.get(sid)) {
      this.read(sid, fn);
      return;
    }
    // Kept: served once every change committed before this request is known to have been heard.
    void cache.caughtUp().then((heard) => {
      const cached = heard ? cache.get(sid) : undefined;
      if (cached) fn(null, this.handOver(JSON.parse(cached.sess), cached.user));
      else this.read(sid, fn);
    });
  }

  private read(sid: string, fn: Callback): void {
    const store = this as unknown as Untyped;
    const cache = this.options.cache;
    const mark = cache?.mark() ?? 0;
    const sql = `
      SELECT s.sess, s.expire,
             CASE WHEN u.id IS NOT NULL THEN json_build_object('id', u.id, 'email', u.email, 'name', u.name,
               'role', u.role, 'is_owner', u.is_owner, 'must_change_password', u.must_change_password,
               'disabled_at', u.disabled_at) END AS user_row
        FROM ${store.quotedTable()} s
        LEFT JOIN users u
          ON u.id = CASE WHEN s.sess #>> '{passport,user}' ~ '^[0-9]{1,15}$' THEN (s.sess #>> '{passport,user}')::bigint END
       WHERE s.sid = $1 AND s.expire >= to_timestamp($2)`;
    store.query(sql, [sid, Math.ceil(Date.now() / 1000)], (err, row) => {
      if (err) return fn(err);
      if (!row) return fn(null, null);
      const text = typeof row.sess === 'string' ? row.sess : JSON.stringify(row.sess);
      const userId = row.user_row ? Number(row.user_row.id) : null;
      cache?.keep(sid, { sess: text, user: row.user_row, userId, expiresAt: new Date(row.expire).getTime() }, mark);
      fn(null, this.handOver(JSON.parse(text), row.user_row));
    });
  }

  /** The session for express-session, its user put where passport.ts looks for it. */
  private handOver(sess: session.SessionData & { passport?: unknown }, user: UserRow | null) {
    if (sess?.passport && typeof sess.passport === 'object') usersReadWithSession.set(sess.passport, user);
    return sess;
  }
}
