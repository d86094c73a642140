import pg from 'pg';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { SessionCache } from '../../src/auth/session-cache';
import { createDb } from '../../src/db/knex';
import type { Config } from '../../src/config';
import type { Deps } from '../../src/deps';
import { ManualClock, type Clock } from '../../src/lib/clock';
import { createLogger } from '../../src/lib/logger';
import { createTestDatabase, type TestDatabase } from './db';
import type { Gateway } from '../../src/payments/gateway';
import { TestGateway } from '../../src/payments/gateways/test-gateway';

export const testConfig = (over: Partial<Config> = {}): Config => ({
  port: 0,
  host: '127.0.0.1',
  databaseUrl: null,
  dataDir: '/tmp/continuity-desk-test',
  sessionSecret: 'test-secret-test-secret',
  smtpUrl: null,
  mailFrom: 'Continuity Desk <desk@example.com>',
  tz: 'UTC',
  seedDemo: false,
  logLevel: 'silent',
  secureCookies: false,
  testGatewayLatencyMs: 0,
  runJobs: false,
  webhookAllowPrivate: true,
  gateway: 'test',
  stripe: null,
  portal: { publicUrl: 'http://portal.test', merchantName: 'Acme Vitamins' },
  ...over,
});

export interface Container {
  app: Express;
  sessionPool: pg.Pool;
  sessionCache: SessionCache;
  close(): Promise<void>;
}

export interface TestApp extends Container {
  deps: Deps;
  database: TestDatabase;
}

/** One container of the app on a database, with its own session pool and session cache, as server.ts makes them. */
export async function startContainer(deps: Deps, url: string): Promise<Container> {
  const sessionPool = new pg.Pool({ connectionString: url, max: 4 });
  const sessionCache = new SessionCache(url, deps.logger);
  await sessionCache.start();
  const app = createApp(deps, { sessionPool, sessionCache, requestLog: false });
  return {
    app,
    sessionPool,
    sessionCache,
    async close() {
      await sessionCache.close();
      await sessionPool.end();
    },
  };
}

/** The real app on its own database (demo data by default), silent logs, a clock tests can move. */
export async function createTestApp(
  options: { demo?: boolean; clock?: Clock; config?: Partial<Config>; gateway?: Gateway } = {},
): Promise<TestApp> {
  const database = await createTestDatabase({ demo: options.demo ?? true });
  const gatewayDb = createDb(database.url, { max: 5 });
  const deps: Deps = {
    config: testConfig(options.config),
    db: database.db,
    clock: options.clock ?? new ManualClock(new Date()),
    logger: createLogger('silent'),
    gateway: options.gateway ?? new TestGateway(gatewayDb),
  };
  const container = await startContainer(deps, database.url);
  return {
    ...container,
    deps,
    database,
    async close() {
      await container.close();
      await gatewayDb.destroy();
      await database.drop();
    },
  };
}

/** The CSRF token a page hands to htmx in <body hx-headers:inherited=…>. */
export function csrfFrom(html: string): string {
  const m = /X-CSRF-Token&#34;:&#34;([^&]+)&#34;|name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token in page');
  return m[1] ?? m[2];
}

/** A supertest agent signed in as a demo user, with the CSRF token for mutating requests. */
export async function signIn(app: Express, email: string, password = 'demo-password') {
  const agent = request.agent(app);
  const loginPage = await agent.get('/login');
  const res = await agent
    .post('/login')
    .type('form')
    .send({ email, password, _csrf: csrfFrom(loginPage.text) });
  if (res.status !== 303 || res.headers.location === '/login')
    throw new Error(`login failed for ${email}: ${res.status}`);
  const home = await agent.get('/account/password');
  return { agent, csrf: csrfFrom(home.text) };
}
