import http from 'node:http';
import pg from 'pg';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { createDb, migrateLatest } from './db/knex';
import { openDatabase } from './db/open';
import type { Deps } from './deps';
import { systemClock } from './lib/clock';
import { createLogger } from './lib/logger';
import { startJobs } from './jobs/schedule';
import { TestGateway } from './payments/test-gateway';
import { seedDemo } from '../seeds/demo';

/** start: config → database → migrations → (demo data) → app → listen → jobs. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Configuration error: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  const logger = createLogger(config.logLevel);
  const started = Date.now();
  const database = await openDatabase(config, logger);
  const db = createDb(database.url);
  const ran = await migrateLatest(db);
  if (ran.length) logger.info({ migrations: ran }, 'migrations applied');

  const [{ n: users }] = await db('users').count({ n: '*' });
  if (Number(users) === 0 && (database.embedded || config.seedDemo)) {
    await seedDemo(db, systemClock.now(), config.tz);
    logger.info('demo data created (logins: owner@example.com, lead@example.com, agent@example.com)');
  } else if (Number(users) === 0) {
    logger.warn('no users yet: create the first admin with `npm run user:create`');
  }

  // The test gateway keeps its books through its own pool: like a real gateway it is another system,
  // and a refund holding its row lock must never wait for a connection the gateway needs.
  const gatewayDb = createDb(database.url, { max: 5 });
  const deps: Deps = { config, db, clock: systemClock, logger, gateway: new TestGateway(gatewayDb, config.testGatewayLatencyMs) };
  const sessionPool = new pg.Pool({ connectionString: database.url, max: 4 });
  const app = createApp(deps, { sessionPool });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  const jobs = config.runJobs ? await startJobs(deps) : { stop() {}, idle: async () => {} };
  logger.info({ port: config.port, database: database.embedded ? 'embedded' : 'DATABASE_URL', ms: Date.now() - started }, 'Continuity Desk is ready');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests');
    jobs.stop();
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await jobs.idle();
    await sessionPool.end();
    await db.destroy();
    await gatewayDb.destroy();
    await database.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
