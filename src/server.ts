import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createApp } from './app';
import { SessionCache } from './auth/session-cache';
import { ConfigError, loadConfig } from './config';
import { createDb } from './db/knex';
import { openDatabase } from './db/open';
import { prepareDatabase } from './db/prepare';
import { createGateway, type Deps } from './deps';
import { systemClock } from './lib/clock';
import { inFlightRequests } from './http/in-flight';
import { createLogger } from './lib/logger';
import { startJobs } from './jobs/schedule';

/** start: config → database → migrations → (demo data) → app → listen → jobs. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const started = Date.now();
  const database = await openDatabase(config, logger);
  const db = createDb(database.url);
  const prepared = await prepareDatabase(db, database.url, {
    demo: database.embedded || config.seedDemo,
    now: systemClock.now(),
    tz: config.tz,
  });
  if (prepared.migrations.length) logger.info({ migrations: prepared.migrations }, 'migrations applied');
  if (prepared.seeded)
    logger.info('demo data created (logins: owner@example.com, lead@example.com, agent@example.com)');
  if (prepared.noUsers) logger.warn('no users yet: create the first admin with `npm run user:create`');

  const chosen = createGateway(config, database.url);
  const deps: Deps = { config, db, clock: systemClock, logger, gateway: chosen.gateway };
  const sessionPool = new pg.Pool({ connectionString: database.url, max: 4 });
  const sessionCache = new SessionCache(database.url, logger);
  await sessionCache.start();
  const requests = inFlightRequests();
  const app = createApp(deps, { sessionPool, sessionCache, requests });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new ConfigError(
              `PORT ${config.port} is already in use on ${config.host}: stop the other process or choose another PORT`,
            )
          : e,
      ),
    );
    server.listen(config.port, config.host, resolve);
  });
  const jobs = config.runJobs ? await startJobs(deps) : { stop() {}, idle: async () => {} };
  logger.info(
    {
      host: config.host,
      port: (server.address() as AddressInfo).port,
      database: database.embedded ? 'embedded' : 'DATABASE_URL',
      gateway: chosen.gateway.name,
      ms: Date.now() - started,
    },
    'Continuity Desk is ready',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests');
    // Stop taking connections; wait for every request taken to be answered (its session saved), even
    // when its client has gone; then drop the keep-alive connections left idle by those answers.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    jobs.stop();
    await requests.idle();
    server.closeIdleConnections();
    await closed;
    await jobs.idle();
    await sessionCache.close();
    await sessionPool.end();
    await db.destroy();
    await chosen.close();
    await database.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  // A setting the operator must change: one line saying what to do, no stack trace.
  console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : err);
  process.exit(1);
});
