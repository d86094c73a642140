import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../lib/logger';
import { startEmbedded } from './embedded';
import { createDb, migrateLatest } from './knex';

export interface OpenDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under DATA_DIR/pg. */
export async function openDatabase(config: Config, logger: Logger): Promise<OpenDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, stop: async () => {} };
  const pg = await startEmbedded({
    dir: path.join(config.dataDir, 'pg'),
    database: 'continuity_desk',
    log: (line) => logger.debug({ postgres: line }),
  });
  return { url: pg.url, embedded: true, stop: pg.stop };
}

/** For command-line scripts: the configured database, migrated, and a close() that stops it all. */
export async function openScriptDatabase(config: Config, logger: Logger, pool = 4) {
  const database = await openDatabase(config, logger);
  const db = createDb(database.url, { max: pool });
  await migrateLatest(db);
  return {
    db,
    url: database.url,
    async close() {
      await db.destroy();
      await database.stop();
    },
  };
}
