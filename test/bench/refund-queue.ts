/**
 * npm run bench:refund-queue — drains N due refund-queue items through the test gateway with a fixed
 * latency and bounded concurrency C, and compares the time with the ideal N × latency / C. Meanwhile
 * one client keeps loading web pages to show they still answer. Ends with one JSON line.
 * Env: BENCH_ITEMS (10000), BENCH_CONCURRENCY (8), BENCH_LATENCY_MS (50). Uses the configured
 * database (DATA_DIR or DATABASE_URL) and adds its own customer and rows.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createApp } from '../../src/app';
import { createUser } from '../../src/auth/service';
import { loadConfig } from '../../src/config';
import { createDb } from '../../src/db/knex';
import { openScriptDatabase } from '../../src/db/open';
import { systemClock } from '../../src/lib/clock';
import { createLogger } from '../../src/lib/logger';
import { runRefundQueue } from '../../src/payments/refund-queue';
import { instrumentFor } from '../../src/payments/gateways/test-cards';
import { TestGateway } from '../../src/payments/gateways/test-gateway';

const N = Number(process.env.BENCH_ITEMS ?? 10_000);
const C = Number(process.env.BENCH_CONCURRENCY ?? 8);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 50);

async function main() {
  const config = { ...loadConfig(), logLevel: 'silent', testGatewayLatencyMs: LATENCY };
  const { db, url, close } = await openScriptDatabase(config, createLogger('warn'), C + 6);
  const gatewayDb = createDb(url, { max: C + 2 });
  const gateway = new TestGateway(gatewayDb, LATENCY);
  const sessionPool = new pg.Pool({ connectionString: url, max: 2 });
  const app = createApp(
    { config, db, clock: systemClock, logger: createLogger('silent'), gateway },
    { sessionPool, requestLog: false },
  );
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await prepare(db);
    console.log(`${N} items due; gateway latency ${LATENCY} ms; concurrency ${C}; ideal ${(N * LATENCY) / C / 1000} s`);
    const cookie = await login(base, db);
    // A customer of ordinary size for the profile probe (bench customers have thousands of charges).
    const profileId = (await db('customers').whereNot('first_name', 'Bench').orderBy('id').first('id'))?.id;

    let running = true;
    const pageTimes: number[] = [];
    const probe = (async () => {
      while (running) {
        for (const path of ['/customers?name=bench', profileId ? `/customers/${profileId}` : '/', '/refund-queue']) {
          const t0 = performance.now();
          const res = await fetch(base + path, { headers: { cookie } });
          await res.arrayBuffer();
          pageTimes.push(performance.now() - t0);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    })();

    const t0 = performance.now();
    const run = await runRefundQueue({ db, clock: systemClock, config, gateway }, { concurrency: C });
    const seconds = (performance.now() - t0) / 1000;
    running = false;
    await probe;

    const ideal = (N * LATENCY) / C / 1000;
    pageTimes.sort((a, b) => a - b);
    const p95 = Math.round(pageTimes[Math.floor(pageTimes.length * 0.95)] ?? 0);
    console.log(
      `drained ${run.refunded} of ${N} in ${seconds.toFixed(1)} s: ${Math.round((ideal / seconds) * 100)} % of the ideal ${ideal} s`,
    );
    console.log(`web pages during the run: ${pageTimes.length} requests, p95 ${p95} ms`);
    console.log(
      JSON.stringify({
        bench: 'refund-queue',
        items: N,
        concurrency: C,
        latency_ms: LATENCY,
        drain_s: Math.round(seconds * 10) / 10,
        ideal_s: ideal,
        efficiency_pct: Math.round((ideal / seconds) * 100),
        refunded: run.refunded,
        page_requests: pageTimes.length,
        page_p95_ms: p95,
      }),
    );
  } finally {
    server.closeAllConnections();
    server.close();
    await sessionPool.end();
    await gatewayDb.destroy();
    await close();
  }
}

/** A customer with N settled sales, each with a queued refund of $1.00 due now. */
async function prepare(db: Awaited<ReturnType<typeof openScriptDatabase>>['db']): Promise<number> {
  const [c] = await db('customers')
    .insert({ first_name: 'Bench', last_name: `Queue ${Date.now()}`, email: `bench-queue-${Date.now()}@example.com` })
    .returning('id');
  const [pi] = await db('payment_instruments')
    .insert({ customer_id: c.id, ...instrumentFor('4111111111111111') })
    .returning('id');
  await db.raw(
    `WITH sales AS (
       INSERT INTO transactions (customer_id, payment_instrument_id, type, status, amount_cents, queued_cents, gateway_reference)
       SELECT ?, ?, 'sale', 'settled', 1000, 100, 'bench-' || g || '-' || ? FROM generate_series(1, ?) g RETURNING id)
     INSERT INTO refund_queue (transaction_id, customer_id, amount_cents, reason, status, attempts, next_attempt_at)
     SELECT id, ?, 100, 'Customer request', 'queued', 0, now() - interval '1 minute' FROM sales`,
    [c.id, pi.id, Date.now(), N, c.id],
  );
  return c.id;
}

async function login(base: string, db: Awaited<ReturnType<typeof openScriptDatabase>>['db']): Promise<string> {
  const email = 'bench@example.com';
  const password = 'bench-password-123';
  if (!(await db('users').where({ email }).first()))
    await createUser(db, { email, name: 'Bench', role: 'admin', password });
  const page = await fetch(`${base}/login`);
  const cookie = page.headers.get('set-cookie')!.split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, _csrf: csrf }),
  });
  return res.headers.get('set-cookie')!.split(';')[0];
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
