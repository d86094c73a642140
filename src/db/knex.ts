import knex, { type Knex } from 'knex';
import pg from 'pg';
import { migrationSource } from './migration-source';

// bigint (int8) columns hold cents and ids; they fit in a JS number far beyond any real amount.
pg.types.setTypeParser(20, (v) => Number(v));
// DATE columns stay 'YYYY-MM-DD' strings: a calendar day, not an instant in some time zone.
pg.types.setTypeParser(1082, (v) => v);

export type Db = Knex;

export function createDb(url: string, pool: { min?: number; max?: number } = {}): Db {
  return knex({
    client: 'pg',
    connection: url,
    pool: { min: pool.min ?? 0, max: pool.max ?? 10 },
  });
}

/** True when the database answers a trivial query (the health check). */
export const answers = (db: Db): Promise<boolean> =>
  db.raw('SELECT 1').then(
    () => true,
    () => false,
  );

export async function migrateLatest(db: Db): Promise<string[]> {
  const [, names] = await db.migrate.latest({ migrationSource: migrationSource() });
  return names as string[];
}
