import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { UserRow } from './queries';

const PgStore = connectPgSimple(session);

/** The user row read with each session, keyed by that session's `passport` object (passport.ts takes it from here). */
export const usersReadWithSession = new WeakMap<object, UserRow | null>();

type Callback = (err: unknown, session?: session.SessionData | null) => void;
type Row = { sess: string | session.SessionData; user_row: UserRow | null };
/** What connect-pg-simple has but does not declare. */
interface Untyped {
  quotedTable(): string;
  query(sql: string, params: unknown[], fn: (err: unknown, row?: Row) => void): void;
  pruneTimer?: NodeJS.Timeout;
  closed?: boolean;
}

/**
 * connect-pg-simple's store, reading the session and its signed-in user in one statement: every page view used to
 * read both, a round trip each. The user row is still read on every request, so disabling a user ends their
 * session at once; it travels beside the session (never saved in it) to passport's deserializeUser.
 */
export class SessionWithUserStore extends PgStore {
  constructor(private readonly options: connectPgSimple.PGStoreOptions & { pruneSessionInterval: number }) {
    super(options);
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
    const sql = `
      SELECT s.sess,
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
      const sess = typeof row.sess === 'string' ? JSON.parse(row.sess) : row.sess;
      if (sess?.passport && typeof sess.passport === 'object') usersReadWithSession.set(sess.passport, row.user_row);
      fn(null, sess);
    });
  }
}
