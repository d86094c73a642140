import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../lib/logger';
import { startEmbedded } from './embedded';

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
