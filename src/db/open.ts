import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type Config } from '../config';
import type { Logger } from '../lib/logger';
import { folderBlockingDatabaseUser, startEmbedded } from './embedded';
import { createDb, migrateLatest } from './knex';
import { underSchemaLock } from './prepare';

export interface OpenDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under DATA_DIR/pg. */
export async function openDatabase(config: Config, logger: Logger): Promise<OpenDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, stop: async () => {} };
  const dir = path.join(config.dataDir, 'pg');
  const blocking = folderBlockingDatabaseUser(dir);
  if (blocking) {
    throw new ConfigError(
      `DATA_DIR ${config.dataDir} is not reachable by the database user "postgres" (it cannot enter ${blocking}): ` +
        `choose a folder under the project or run chmod o+x ${blocking}`,
    );
  }
  const pg = await startEmbedded({
    dir,
    database: 'continuity_desk',
    log: (line) => logger.debug({ postgres: line }),
  });
  return { url: pg.url, embedded: true, stop: pg.stop };
}

/** For command-line scripts: the configured database, migrated, and a close() that stops it all. */
export async function openScriptDatabase(config: Config, logger: Logger, pool = 4) {
  const running = config.databaseUrl ? null : runningEmbeddedUrl(path.join(config.dataDir, 'pg'));
  const database = running ? { url: running, stop: async () => {} } : await openDatabase(config, logger);
  const db = createDb(database.url, { max: pool });
  await underSchemaLock(database.url, () => migrateLatest(db));
  return {
    db,
    url: database.url,
    async close() {
      await db.destroy();
      await database.stop();
    },
  };
}

/**
 * The embedded PostgreSQL an app already runs on this DATA_DIR (its port is line 4 of postmaster.pid),
 * so a command-line script joins it instead of refusing or starting a second server on the same folder.
 */
function runningEmbeddedUrl(dir: string): string | null {
  try {
    const lines = fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n');
    process.kill(Number(lines[0]), 0);
    return `postgres://postgres:postgres@127.0.0.1:${Number(lines[3])}/continuity_desk`;
  } catch {
    return null;
  }
}
