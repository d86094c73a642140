/**
 * npm run bench:pages — every kind of page against bare Express + EJS, in one run on this machine.
 *
 * On the database in DATA_DIR (fill it first: DATA_DIR=./.bench npm run seed:bulk -- --customers N)
 * it starts PostgreSQL with pg_stat_statements, the compiled app as its own process (BENCH_APP_DIR:
 * another checkout's compiled app, to compare before/after), and a bare Express + EJS server; drives
 * each target with autocannon at 8 connections for BENCH_SECONDS (default 10); prints req/s, p50, p95,
 * p99, the ratio to the baseline (hello for /healthz, the 50-row table for pages; measured for 3 s just
 * before each target, as the machine's load drifts), SQL statements,
 * rows written and WAL bytes per request, and the app's peak RSS. Ends with one JSON line.
 * BENCH_SKIP=name,name leaves targets out; BENCH_ONLY=name,name runs those alone; BENCH_CONNECTIONS (8);
 * BENCH_NODE_FLAGS='--flag …' runs the app with other node flags than `npm start`'s;
 * BENCH_STATEMENTS=1 lists each target's statements (calls per request, mean ms in PostgreSQL).
 */
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createUser } from '../../src/auth/service';
import { loadConfig } from '../../src/config';
import { createDb, type Db } from '../../src/db/knex';
import { startEmbedded } from '../../src/db/embedded';
import { projectRoot } from '../../src/lib/paths';
import { BUSY_EMAIL } from '../../seeds/busy-customer';
import { LIST_PAGE, transactionsPage } from '../../src/customers/lists';
import { freePort, login, sampleCustomers, waitForHealth } from './support';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Comma-separated target names to leave out, e.g. BENCH_SKIP=dashboard when its backlog would starve the rest. */
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
/** Comma-separated target names to run alone (the baselines always run). */
const ONLY = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean));
const APP_DIR = path.resolve(process.env.BENCH_APP_DIR ?? projectRoot);
const EMAIL = 'bench@example.com';
const PASSWORD = 'bench-password-123';

interface Target {
  name: string;
  server: 'baseline' | 'app';
  path: (i: number) => string;
  htmx?: boolean;
  /** Sent without the session cookie, as a load balancer or a bot would. */
  anonymous?: boolean;
  baseline?: 'hello' | 'table';
}

interface Figures {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  ratio: number | null;
  statements: number | null;
  rowsWritten: number | null;
  walBytes: number | null;
  /** CPU time the serving process (app or baseline) spent per request: what the load average cannot blur. */
  cpuMs: number | null;
  /** The app's peak RSS while this target ran, in MB: which page makes memory grow. */
  rssMb: number | null;
}

async function main() {
  const config = loadConfig();
  const database = config.databaseUrl
    ? { url: config.databaseUrl, stop: async () => {} }
    : await startEmbedded({
        dir: path.join(config.dataDir, 'pg'),
        database: 'continuity_desk',
        flags: ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track_utility=on'],
      });
  const db = createDb(database.url, { max: 2 });
  if (APP_DIR === projectRoot) execSync('npm run -s build', { cwd: projectRoot, stdio: 'inherit' });
  const port = await freePort();
  const app = spawn(process.execPath, [...nodeFlags(), path.join(APP_DIR, 'dist/src/server.js')], {
    cwd: APP_DIR,
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      SESSION_SECRET: 'bench-secret-bench-secret',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      RUN_JOBS: '0',
    },
    stdio: 'inherit',
  });
  const baseline = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(projectRoot, 'test/bench/baseline-server.ts')],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const basePort = await firstLine(baseline);
    const appBase = `http://127.0.0.1:${port}`;
    await waitForHealth(appBase);
    const statements = await statementCounter(db);
    if (!(await db('users').where({ email: EMAIL }).first()))
      await createUser(db, { email: EMAIL, name: 'Bench', role: 'admin', password: PASSWORD });
    const cookie = await login(appBase, EMAIL, PASSWORD);
    const data = await sampleData(db);
    const loadAtStart = os.loadavg()[0];
    console.log(
      `load average ${loadAtStart.toFixed(1)} on ${os.cpus().length} cores; customers: ${data.customers.toLocaleString('en-US')}; busiest customer #${data.busiest.id} has ${data.busiest.transactions} transactions; ${SECONDS} s per target at ${CONNECTIONS} connections`,
    );

    const pick = <T>(list: T[], i: number) => list[i % list.length];
    const filters: Record<string, (i: number) => Record<string, string>> = {
      email: (i) => ({ email: pick(data.samples, i).email }),
      name_fragment: (i) => ({
        name: `${pick(data.samples, i).first_name.slice(0, 3)} ${pick(data.samples, i).last_name.slice(0, 4)}`.toLowerCase(),
      }),
      phone: (i) => ({ phone: pick(data.samples, i).phone }),
      order_id: (i) => ({ order: pick(data.samples, i).public_id }),
      last4: (i) => ({ last4: pick(data.samples, i).last4 }),
      segment_customers: () => ({ segment: 'customers' }),
      segment_leads: () => ({ segment: 'leads' }),
    };
    const targets: Target[] = [
      { name: 'baseline_hello', server: 'baseline', path: () => '/hello' },
      { name: 'baseline_table', server: 'baseline', path: () => '/table' },
      { name: 'healthz', server: 'app', path: () => '/healthz', anonymous: true, baseline: 'hello' },
      { name: 'login_page', server: 'app', path: () => '/login', anonymous: true, baseline: 'table' },
      { name: 'dashboard', server: 'app', path: () => '/', baseline: 'table' },
      ...Object.entries(filters).flatMap(([name, f]): Target[] => [
        {
          name: `search_${name}_fragment`,
          server: 'app',
          path: (i) => `/customers?${new URLSearchParams(f(i))}`,
          htmx: true,
          baseline: 'table',
        },
        {
          name: `search_${name}_page`,
          server: 'app',
          path: (i) => `/customers?${new URLSearchParams(f(i))}`,
          baseline: 'table',
        },
      ]),
      { name: 'profile', server: 'app', path: (i) => `/customers/${pick(data.samples, i).id}`, baseline: 'table' },
      { name: 'profile_busiest', server: 'app', path: () => `/customers/${data.busiest.id}`, baseline: 'table' },
      {
        name: 'profile_busiest_older',
        server: 'app',
        path: () => `/customers/${data.busiest.id}/transactions?before=${data.busiest.secondPageBefore}`,
        htmx: true,
        baseline: 'table',
      },
      {
        name: 'order_summary',
        server: 'app',
        path: (i) => `/orders/${pick(data.samples, i).public_id}`,
        baseline: 'table',
      },
      { name: 'purchase', server: 'app', path: (i) => `/purchases/${pick(data.purchases, i)}`, baseline: 'table' },
      { name: 'refund_queue', server: 'app', path: () => '/refund-queue', baseline: 'table' },
      { name: 'event_log', server: 'app', path: () => '/admin/events', baseline: 'table' },
    ];

    const results: Record<string, Figures> = {};
    let peakRss = 0;
    const rss = () =>
      Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${app.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    console.log(
      `${'target'.padEnd(30)} ${'req/s'.padStart(8)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'ratio'.padStart(6)} ${'stmts'.padStart(6)} ${'writes'.padStart(6)} ${'WAL B'.padStart(7)} ${'CPU ms'.padStart(7)} ${'RSS MB'.padStart(6)}`,
    );
    const chosen = (x: Target) => !SKIP.has(x.name) && (!ONLY.size || ONLY.has(x.name) || x.server === 'baseline');
    for (const t of targets.filter(chosen)) {
      const base = t.server === 'app' ? appBase : `http://127.0.0.1:${basePort}`;
      const headers = t.server === 'app' && !t.anonymous ? { cookie, ...(t.htmx ? { 'HX-Request': 'true' } : {}) } : {};
      const reference = targets.find((x) => x.name === `baseline_${t.baseline}`);
      const adjacent = reference
        ? (await drive(`http://127.0.0.1:${basePort}`, reference, {}, Math.min(SECONDS, 3))).figures.rps
        : undefined;
      // One request alone first (the very first dashboard view waits for the first count of a fresh
      // database), then a warm-up: compiled templates, plans, caches.
      await fetch(`${base}${t.path(0)}`, { headers });
      await drive(base, t, headers, 1);
      if (t.server === 'app') await statements?.reset();
      const server = t.server === 'app' ? app.pid! : baseline.pid!;
      const cpuBefore = cpuMsOf(server);
      let targetRss = 0;
      const sampler = setInterval(() => {
        targetRss = Math.max(targetRss, rss());
        peakRss = Math.max(peakRss, targetRss);
      }, 100);
      const run = await drive(base, t, headers, SECONDS);
      clearInterval(sampler);
      const cpu = cpuMsOf(server) - cpuBefore;
      const counted = t.server === 'app' && statements ? await statements.read() : null;
      if (counted && process.env.BENCH_STATEMENTS)
        for (const r of await statements!.list(run.requests))
          console.log(`    ${String(r.per_request).padStart(5)} × ${String(r.ms).padStart(7)} ms  ${r.query}`);
      const per = (n: number | undefined) => (counted && run.requests ? round(n! / run.requests) : null);
      // The machine is shared: the ratio is to the baseline measured just before this target, not at the start.
      const ref = t.baseline ? adjacent : undefined;
      results[t.name] = {
        ...run.figures,
        ratio: ref ? round(run.figures.rps / ref, 3) : null,
        statements: per(counted?.calls),
        rowsWritten: per(counted?.rows),
        walBytes: per(counted?.wal),
        cpuMs: run.requests ? round(cpu / run.requests, 2) : null,
        rssMb: t.server === 'app' ? Math.round(targetRss) : null,
      };
      const r = results[t.name];
      console.log(
        `${t.name.padEnd(30)} ${String(r.rps).padStart(8)} ${String(r.p50).padStart(7)} ${String(r.p95).padStart(7)} ${String(r.p99).padStart(7)} ${r.ratio === null ? '     —' : `${Math.round(r.ratio * 100)}%`.padStart(6)} ${String(r.statements ?? '—').padStart(6)} ${String(r.rowsWritten ?? '—').padStart(6)} ${String(r.walBytes ?? '—').padStart(7)} ${String(r.cpuMs ?? '—').padStart(7)} ${String(r.rssMb ?? '—').padStart(6)}${r.errors ? `  (${r.errors} errors)` : ''}`,
      );
    }
    console.log(
      JSON.stringify({
        bench: 'pages',
        customers: data.customers,
        connections: CONNECTIONS,
        seconds: SECONDS,
        app_peak_rss_mb: Math.round(peakRss),
        node_flags: nodeFlags(),
        load_average: { start: loadAtStart, end: os.loadavg()[0] },
        pg_stat_statements: Boolean(statements),
        results,
      }),
    );
  } finally {
    baseline.kill('SIGTERM');
    app.kill('SIGTERM');
    await new Promise((r) => app.once('exit', r));
    await db.destroy();
    await database.stop();
  }
}

/** autocannon for `seconds` at 8 connections, each request on the target's next path; our own latency list for exact percentiles. */
async function drive(base: string, t: Target, headers: Record<string, string>, seconds: number) {
  let i = 0;
  const times: number[] = [];
  let errors = 0;
  const instance = autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 30,
    headers,
    requests: [{ setupRequest: (req) => ({ ...req, path: t.path(i++) }) }],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status === 200) times.push(ms);
    else errors++;
  });
  const result = await instance;
  errors += result.errors + result.timeouts;
  times.sort((a, b) => a - b);
  const q = (p: number) => (times.length ? round(times[Math.min(times.length - 1, Math.floor(times.length * p))]) : -1);
  return {
    requests: times.length + errors,
    figures: { rps: round(times.length / seconds), p50: q(0.5), p95: q(0.95), p99: q(0.99), errors },
  };
}

/** Statement calls, rows written and WAL bytes from pg_stat_statements, or null when the extension is not loaded. */
async function statementCounter(db: Db) {
  try {
    await db.raw('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await db.raw('SELECT count(*) FROM pg_stat_statements');
  } catch {
    console.log(
      'pg_stat_statements is not loaded: no statement counts (start PostgreSQL with shared_preload_libraries=pg_stat_statements)',
    );
    return null;
  }
  return {
    reset: () => db.raw('SELECT pg_stat_statements_reset()'),
    async read() {
      const { rows } = await db.raw(`
        SELECT coalesce(sum(calls), 0)::float AS calls,
               coalesce(sum(rows) FILTER (WHERE query ~* '^\\s*(insert|update|delete)'), 0)::float AS rows,
               coalesce(sum(wal_bytes), 0)::float AS wal
          FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND query !~* 'pg_stat_statements'`);
      return rows[0] as { calls: number; rows: number; wal: number };
    },
    /** What the target ran, most called first (BENCH_STATEMENTS=1 prints it under each target). */
    async list(requests: number) {
      const { rows } = await db.raw(
        `
        SELECT round(calls::numeric / ?, 2)::float AS per_request, round(mean_exec_time::numeric, 3)::float AS ms,
               left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
          FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND query !~* 'pg_stat_statements'
         ORDER BY calls DESC, total_exec_time DESC LIMIT 15`,
        [Math.max(1, requests)],
      );
      return rows as { per_request: number; ms: number; query: string }[];
    },
  };
}

async function sampleData(db: Db) {
  const [{ n }] = await db('customers').count({ n: '*' });
  const samples = await sampleCustomers(db);
  const purchases: number[] = (
    await db.raw(
      'SELECT id FROM purchases WHERE id IN (SELECT (random() * (SELECT max(id) FROM purchases))::bigint FROM generate_series(1, 400)) LIMIT 200',
    )
  ).rows.map((r: { id: number }) => r.id);
  const busy = await db('customers').where({ email: BUSY_EMAIL }).first();
  if (!busy) throw new Error(`no ${BUSY_EMAIL} here: run npm run seed:bulk -- --customers 0 to add the busy customer`);
  const [{ transactions }] = await db('transactions').where({ customer_id: busy.id }).count({ transactions: '*' });
  const [second] = await transactionsPage(db, busy.id).offset(LIST_PAGE - 1);
  const busiest = { id: busy.id as number, transactions: Number(transactions), secondPageBefore: second.id as number };
  return { customers: Number(n), samples, purchases, busiest };
}

/** The node flags `npm start` passes (the app's package.json), so the bench measures the app as it ships;
 * BENCH_NODE_FLAGS replaces them for an experiment. */
function nodeFlags(): string[] {
  if (process.env.BENCH_NODE_FLAGS !== undefined) return process.env.BENCH_NODE_FLAGS.split(' ').filter(Boolean);
  const start: string = JSON.parse(fs.readFileSync(path.join(APP_DIR, 'package.json'), 'utf8')).scripts.start;
  return start.split(/\s+/).filter((a) => a.startsWith('--'));
}

/** utime + stime of a process, in ms (Linux /proc; clock ticks are 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;

function firstLine(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim())));
    child.once('exit', () => reject(new Error('the baseline server stopped')));
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
