import pg from 'pg';
import type { Logger } from '../lib/logger';
import type { UserRow } from './queries';

/** A session as read with its user (session-store.ts): the session's JSON text, so each hit parses its own copy. */
export interface CachedSession {
  sess: string;
  user: UserRow | null;
  userId: number | null;
  /** When the session ends (ms since the epoch), as stored in its row. */
  expiresAt: number;
}

interface Entry extends CachedSession {
  storedAt: number;
}

export interface SessionCacheOptions {
  /** An entry is read again after this long even when no change was heard (a lost notification's bound). */
  maxAgeMs?: number;
  /** Sessions kept; the oldest stored is dropped first. */
  maxEntries?: number;
  /** Wait before listening again after the connection is lost. */
  retryMs?: number;
}

/**
 * The sessions this container has read, each with its user, so a signed-in request costs no statement.
 * It serves entries only while it is listening to `session_changes` (triggers on `sessions` and `users`, see
 * the migration 20261127000001): a logout, a disabled user or a new role in any container is heard and the
 * entry forgotten before the next request reads it. A read that started before a change was heard is not
 * kept (the generation check), and while the connection is down nothing is kept or served.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  private client: pg.Client | null = null;
  private listening = false;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private syncing: Promise<boolean> | null = null;
  private nextSync: Promise<boolean> | null = null;
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;
  private readonly retryMs: number;

  constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
    options: SessionCacheOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.retryMs = options.retryMs ?? 1_000;
  }

  /** Connects and listens; resolves once changes are heard (or the first attempt failed, retrying after). */
  async start(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      keepAlive: true,
      application_name: 'continuity-desk session cache',
    });
    this.client = client;
    const lost = (err?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      this.stopServing();
      client.end().catch(() => {});
      if (this.closed) return;
      this.logger.warn({ err }, 'session cache: lost its connection; sessions are read from the database meanwhile');
      this.retry = setTimeout(() => void this.start(), this.retryMs).unref();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => this.heard(message.payload ?? '*'));
    try {
      await client.connect();
      await client.query('LISTEN session_changes');
      if (this.client === client && !this.closed) this.listening = true;
    } catch (err) {
      lost(err as Error);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.stopServing();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  /** Whether entries are kept and served: listening, not closed. */
  get serving(): boolean {
    return this.listening;
  }

  /** Taken before reading a session from the database; `keep` refuses the read if a change was heard since. */
  mark(): number {
    return this.generation;
  }

  /**
   * Resolves once every change committed before the call has been heard (true), or false when that cannot be
   * known (not listening, connection lost). An empty query on the listening connection is the barrier:
   * PostgreSQL hands a listener the notifications signalled to it before it says it is ready for the next
   * query, so they arrive ahead of the empty query's answer. Requests arriving while one barrier is on its way
   * share the next one, so under load many requests cost one round trip.
   */
  caughtUp(): Promise<boolean> {
    if (!this.syncing) return this.startSync();
    this.nextSync ??= this.syncing.then(() => {
      this.nextSync = null;
      return this.startSync();
    });
    return this.nextSync;
  }

  private startSync(): Promise<boolean> {
    const client = this.client;
    if (!client || !this.listening) return Promise.resolve(false);
    const sync: Promise<boolean> = client
      .query('')
      .then(
        () => this.listening && this.client === client,
        () => false,
      )
      .finally(() => {
        if (this.syncing === sync) this.syncing = null;
      });
    this.syncing = sync;
    return sync;
  }

  get(sid: string, now = Date.now()): CachedSession | undefined {
    if (!this.listening) return undefined;
    const entry = this.entries.get(sid);
    if (!entry) return undefined;
    if (entry.expiresAt < now || entry.storedAt + this.maxAgeMs < now) {
      this.entries.delete(sid);
      return undefined;
    }
    return entry;
  }

  keep(sid: string, session: CachedSession, mark: number, now = Date.now()): void {
    if (!this.listening || mark !== this.generation) return;
    this.entries.delete(sid);
    this.entries.set(sid, { ...session, storedAt: now });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** This container changed the session itself (login, logout): forget it now, not when the echo arrives. */
  forgetSession(sid: string): void {
    this.generation++;
    this.entries.delete(sid);
  }

  /** A notification: 's:<sid>', 'u:<user id>' or '*'. */
  heard(payload: string): void {
    this.generation++;
    if (payload.startsWith('s:')) this.entries.delete(payload.slice(2));
    else if (payload.startsWith('u:')) {
      const id = Number(payload.slice(2));
      for (const [sid, entry] of this.entries) if (entry.userId === id) this.entries.delete(sid);
    } else this.entries.clear();
  }

  private stopServing(): void {
    this.listening = false;
    this.generation++;
    this.entries.clear();
  }
}
