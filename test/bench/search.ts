/**
 * npm run bench:search — p50/p95 response time of each search filter and of the profile page, with
 * 4 concurrent clients, on the configured database (fill it first: npm run seed:bulk -- --customers N),
 * plus peak RSS during a CSV export of about 100,000 rows and the plan of each search query.
 * Prints as it goes and ends with one JSON line.
 */
import { execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createUser } from '../../src/auth/service';
import { loadConfig } from '../../src/config';
import { matchingCustomers, type SearchFilters } from '../../src/customers/search';
import { openScriptDatabase } from '../../src/db/open';
import { createLogger } from '../../src/lib/logger';
import { projectRoot } from '../../src/lib/paths';
import { freePort, login, sampleCustomers, waitForHealth } from './support';

const CONCURRENCY = 4;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const EMAIL = 'bench@example.com';
const PASSWORD = 'bench-password-123';

async function main() {
  const config = loadConfig();
  const { db, url, close } = await openScriptDatabase(config, createLogger('warn'), 4);
  // The app runs as its own process (compiled, as in production) so its memory is measured alone.
  execSync('npm run -s build', { cwd: projectRoot, stdio: 'inherit' });
  const port = await freePort();
  const server = spawn(process.execPath, [path.join(projectRoot, 'dist/src/server.js')], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      SESSION_SECRET: 'bench-secret-bench-secret',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      RUN_JOBS: '0',
    },
    stdio: 'inherit',
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(base);
    if (!(await db('users').where({ email: EMAIL }).first()))
      await createUser(db, { email: EMAIL, name: 'Bench', role: 'admin', password: PASSWORD });
    const cookie = await login(base, EMAIL, PASSWORD);
    const [{ n: customers }] = await db('customers').count({ n: '*' });
    console.log(`customers: ${Number(customers).toLocaleString('en-US')}`);

    const samples = await sampleCustomers(db);
    const pick = (i: number) => samples[i % samples.length];

    const cases: Record<string, { filters: (i: number) => SearchFilters; path?: (i: number) => string }> = {
      email: { filters: (i) => ({ email: pick(i).email }) },
      name_fragment: {
        filters: (i) => ({ name: `${pick(i).first_name.slice(0, 3)} ${pick(i).last_name.slice(0, 4)}`.toLowerCase() }),
      },
      phone: { filters: (i) => ({ phone: pick(i).phone }) },
      order_id: { filters: (i) => ({ order: pick(i).public_id }) },
      last4: { filters: (i) => ({ last4: pick(i).last4 }) },
      segment_customers: { filters: () => ({ segment: 'customers' }) },
      segment_leads: { filters: () => ({ segment: 'leads' }) },
      profile: { filters: () => ({}), path: (i) => `/customers/${pick(i).id}` },
    };

    // First, on the fresh app process: its memory while streaming ~100,000 rows of CSV.
    const csv = await csvExport(base, cookie, db, server.pid!);
    console.log(
      `csv export: ${csv.rows.toLocaleString('en-US')} rows in ${csv.ms} ms, app peak RSS ${csv.peakRssMb} MB (before: ${csv.startRssMb} MB)`,
    );

    const p50: Record<string, number> = {};
    const p95: Record<string, number> = {};
    const plans: Record<string, string> = {};
    for (const [name, c] of Object.entries(cases)) {
      const path =
        c.path ?? ((i: number) => `/customers?${new URLSearchParams(c.filters(i) as Record<string, string>)}`);
      for (let i = 0; i < 10; i++) await timed(base, path(i), cookie, !c.path); // warm-up
      const times: number[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < REQUESTS) {
            const i = next++;
            times.push(await timed(base, path(i), cookie, !c.path));
          }
        }),
      );
      times.sort((a, b) => a - b);
      p50[name] = round(times[Math.floor(times.length * 0.5)]);
      p95[name] = round(times[Math.floor(times.length * 0.95)]);
      if (!c.path) plans[name] = await plan(db, c.filters(0));
      console.log(
        `${name.padEnd(18)} p50 ${String(p50[name]).padStart(7)} ms   p95 ${String(p95[name]).padStart(7)} ms   ${plans[name] ?? ''}`,
      );
    }

    console.log(
      JSON.stringify({
        bench: 'search',
        customers: Number(customers),
        concurrency: CONCURRENCY,
        requests: REQUESTS,
        p50_ms: p50,
        p95_ms: p95,
        csv_export: csv,
        plans,
      }),
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await close();
  }
}

async function timed(base: string, path: string, cookie: string, fragment: boolean): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(base + path, { headers: { cookie, ...(fragment ? { 'HX-Request': 'true' } : {}) } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  return performance.now() - t0;
}

/** The plan's scan nodes, e.g. "Index Scan using customers_email". */
async function plan(db: Awaited<ReturnType<typeof openScriptDatabase>>['db'], filters: SearchFilters): Promise<string> {
  const { sql, bindings } = matchingCustomers(db, filters)
    .select('c.id')
    .orderBy('c.id', 'desc')
    .limit(26)
    .toSQL()
    .toNative();
  const res = await db.raw(`EXPLAIN (FORMAT JSON) ${sql.replace(/\$(\d+)/g, '?')}`, bindings as never[]);
  const nodes: string[] = [];
  const walk = (n: Record<string, unknown>) => {
    if (String(n['Node Type']).includes('Scan'))
      nodes.push(
        `${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}${n['Relation Name'] && !n['Index Name'] ? ` on ${n['Relation Name']}` : ''}`,
      );
    for (const child of (n.Plans as Record<string, unknown>[]) ?? []) walk(child);
  };
  walk(res.rows[0]['QUERY PLAN'][0].Plan);
  return [...new Set(nodes)].join(', ');
}

/** Exports about 100,000 customers (a created-at window) and samples the app process's RSS meanwhile. */
async function csvExport(
  base: string,
  cookie: string,
  db: Awaited<ReturnType<typeof openScriptDatabase>>['db'],
  pid: number,
) {
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
  const [{ n }] = await db('customers').count({ n: '*' });
  const days = Math.max(1, Math.round((100_000 / Math.max(1, Number(n))) * 1500));
  const to = new Date();
  const from = new Date(to.getTime() - days * 86_400_000);
  const startRss = rss();
  let peak = startRss;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 20);
  const t0 = performance.now();
  const res = await fetch(
    `${base}/customers?format=csv&from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`,
    { headers: { cookie } },
  );
  let rows = -1;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
    for (const b of chunk) if (b === 10) rows++;
  clearInterval(sampler);
  return {
    rows,
    ms: Math.round(performance.now() - t0),
    peakRssMb: Math.round(peak / 1048576),
    startRssMb: Math.round(startRss / 1048576),
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
