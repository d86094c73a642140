import pg from 'pg';
import { seedDemo } from '../../seeds/demo';
import { migrateLatest, type Db } from './knex';

export interface Prepared {
  migrations: string[];
  /** true when this process created the demo data. */
  seeded: boolean;
  /** No users and no demo data: the first admin is created with `npm run user:create`. */
  noUsers: boolean;
}

/**
 * Migrations and the first demo data, under one PostgreSQL advisory lock. Containers started
 * together on an empty database take turns: knex creates its bookkeeping tables before taking its
 * own lock, and two processes that both counted zero users would both seed. The lock is held on a
 * connection of its own, outside the pool knex migrates with, and is scoped to this database.
 */
export async function prepareDatabase(
  db: Db,
  url: string,
  seed: { demo: boolean; now: Date; tz: string },
): Promise<Prepared> {
  return underSchemaLock(url, async () => {
    const migrations = await migrateLatest(db);
    const [{ n }] = await db('users').count({ n: '*' });
    const empty = Number(n) === 0;
    if (empty && seed.demo) await seedDemo(db, seed.now, seed.tz);
    return { migrations, seeded: empty && seed.demo, noUsers: empty && !seed.demo };
  });
}

/** Runs `work` while holding the schema lock; other processes wait for it at the same call. */
export async function underSchemaLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('continuity-desk:schema'))");
    return await work();
  } finally {
    // Ending the session releases the lock, also when `work` failed half way.
    await client.end();
  }
}
